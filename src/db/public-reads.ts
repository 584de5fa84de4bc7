import { eq, inArray, sql } from "drizzle-orm";
import { type Db, statement } from "./client";
import { incidentFromRaw, type RawIncidentRow } from "./incident-rows";
import { selectRecentIncidents } from "./recent-incidents";
import { type IncidentRow, type SurfaceStateRow, statusVersion, surfaceState } from "./schema";

/** The public data version (bumped by triggers on every public change) and what a read returns. */
export interface Versioned<T> {
	version: number;
	rows: T;
}

const versionQuery = (db: Db) =>
	db.select({ version: statusVersion.version }).from(statusVersion).where(eq(statusVersion.id, 1));

/**
 * The state rows of the given surfaces, with the data version: one round trip. Primary-key
 * lookups (the ids travel as one JSON parameter), so rows of surfaces no longer registered cost
 * nothing however many there are.
 */
export async function readSurfaceStates(db: Db, surfaceIds: readonly string[]): Promise<Versioned<SurfaceStateRow[]>> {
	const ids = sql`(SELECT value FROM json_each(${JSON.stringify(surfaceIds)}))`;
	const [version, rows] = await db.batch([
		versionQuery(db),
		db.select().from(surfaceState).where(inArray(surfaceState.surfaceId, ids)),
	]);
	return { version: version[0]?.version ?? 0, rows };
}

/** The recent incidents (see recent-incidents.ts), with the data version: one round trip. */
export async function readRecentIncidents(db: Db, sinceIso: string): Promise<Versioned<IncidentRow[]>> {
	const [version, incidents] = await db.$client.batch([
		statement(db, versionQuery(db)),
		statement(db, selectRecentIncidents(db, sinceIso)),
	]);
	const rows = (incidents?.results ?? []) as RawIncidentRow[];
	return {
		version: (version?.results[0] as { version: number } | undefined)?.version ?? 0,
		rows: rows.map(incidentFromRaw),
	};
}
