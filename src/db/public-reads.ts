import { eq, fillPlaceholders, inArray, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/sqlite-core";
import { incidentFromRaw, type RawIncidentRow } from "./incident-rows";
import { selectRecentIncidents } from "./recent-incidents";
import { type RawSurfaceStateRow, surfaceStateFromRaw } from "./rows";
import { type IncidentRow, type SurfaceStateRow, statusVersion, surfaceState } from "./schema";

/** Where the public reads run: the primary, or a D1 session that read replicas may serve. */
export type PublicReader = D1Database | D1DatabaseSession;

/** The public data version (bumped by triggers on every public change) and what a read returns. */
export interface Versioned<T> {
	version: number;
	rows: T;
}

// Compiled once per isolate, run with their parameters filled in: a read that misses the caches
// should pay for D1, not for building the same SQL again (drizzle's builder costs about as much as
// the rest of such a read's own work).
const qb = new QueryBuilder();
const VERSION = qb
	.select({ version: statusVersion.version })
	.from(statusVersion)
	.where(eq(statusVersion.id, 1))
	.toSQL();
// Primary-key lookups (the ids travel as one JSON parameter), so rows of surfaces no longer
// registered cost nothing however many there are.
const SURFACE_STATES = qb
	.select()
	.from(surfaceState)
	.where(inArray(surfaceState.surfaceId, sql`(SELECT value FROM json_each(${sql.placeholder("ids")}))`))
	.toSQL();
const RECENT_INCIDENTS = selectRecentIncidents(sql.placeholder("since")).toSQL();

function bound(
	reader: PublicReader,
	query: { sql: string; params: unknown[] },
	values: Record<string, unknown> = {},
): D1PreparedStatement {
	return reader.prepare(query.sql).bind(...fillPlaceholders(query.params, values));
}

function versionOf(result: D1Result | undefined): number {
	return (result?.results[0] as { version: number } | undefined)?.version ?? 0;
}

/** The state rows of the given surfaces, with the data version: one round trip. */
export async function readSurfaceStates(
	reader: PublicReader,
	surfaceIds: readonly string[],
): Promise<Versioned<SurfaceStateRow[]>> {
	const [version, rows] = await reader.batch([
		bound(reader, VERSION),
		bound(reader, SURFACE_STATES, { ids: JSON.stringify(surfaceIds) }),
	]);
	return {
		version: versionOf(version),
		rows: ((rows?.results ?? []) as RawSurfaceStateRow[]).map(surfaceStateFromRaw),
	};
}

/** The recent incidents (see recent-incidents.ts), with the data version: one round trip. */
export async function readRecentIncidents(reader: PublicReader, sinceIso: string): Promise<Versioned<IncidentRow[]>> {
	const [version, incidents] = await reader.batch([
		bound(reader, VERSION),
		bound(reader, RECENT_INCIDENTS, { since: sinceIso }),
	]);
	return { version: versionOf(version), rows: ((incidents?.results ?? []) as RawIncidentRow[]).map(incidentFromRaw) };
}
