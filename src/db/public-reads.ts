import { INCIDENT_COLUMNS, incidentFromRaw, type RawIncidentRow } from "./incident-rows";
import { type RawSurfaceStateRow, surfaceStateFromRaw } from "./rows";
import type { IncidentRow, SurfaceStateRow } from "./schema";
import { type IncidentUpdateRow, TIMELINE_SQL, updatesFromRaw } from "./timeline-reads";

/** Where the public reads run: the primary, or a D1 session that read replicas may serve. */
export type PublicReader = D1Database | D1DatabaseSession;

/** The public data version (bumped by triggers on every public change) and what a read returns. */
export interface Versioned<T> {
	version: number;
	rows: T;
}

/** A compiled query: its SQL and its parameters, where `{ name }` stands for a value given at run time. */
export interface CompiledQuery {
	sql: string;
	params: readonly (string | number | { name: string })[];
}

/**
 * The public reads' SQL exactly as Drizzle compiles it from src/db/schema.ts (the queries are
 * built in test/worker/public-read-sql.test.ts, which holds these equal to them), kept as text so
 * that a new isolate answers the public page without evaluating Drizzle's query builder - the
 * reads run on every cache miss, and first of all in an isolate that has just started.
 */
export const PUBLIC_READ_SQL = {
	version: { sql: `select "version" from "status_version" where "status_version"."id" = ?`, params: [1] },
	// Primary-key lookups (the ids travel as one JSON parameter), so rows of surfaces no longer
	// registered cost nothing however many there are.
	surfaceStates: {
		sql: `select "surface_id", "state", "state_since", "state_source", "ticket_pending", "public_note", "last_probe_at", "maintenance_until", "updated_at" from "surface_state" where "surface_state"."surface_id" in (SELECT value FROM json_each(?))`,
		params: [{ name: "ids" }],
	},
	// Three disjoint index range lookups, unordered (see recent-incidents.ts for why).
	recentIncidents: {
		sql: `select ${INCIDENT_COLUMNS} from "status_incidents" where "status_incidents"."resolved_at" is null union all select ${INCIDENT_COLUMNS} from "status_incidents" where "status_incidents"."resolved_at" >= ? union all select ${INCIDENT_COLUMNS} from "status_incidents" where ("status_incidents"."opened_at" >= ? and +"status_incidents"."resolved_at" < ?)`,
		params: [{ name: "since" }, { name: "since" }, { name: "since" }],
	},
} as const satisfies Record<string, CompiledQuery>;

function bound(reader: PublicReader, query: CompiledQuery, values: Record<string, unknown> = {}): D1PreparedStatement {
	const params = query.params.map((param) => (typeof param === "object" ? values[param.name] : param));
	return reader.prepare(query.sql).bind(...params);
}

function versionOf(result: D1Result | undefined): number {
	return (result?.results[0] as { version: number } | undefined)?.version ?? 0;
}

/** The public data version alone, as the primary has it now: one round trip. */
export async function readPublicVersion(db: D1Database): Promise<number> {
	return versionOf(await bound(db, PUBLIC_READ_SQL.version).all());
}

/** The state rows of the given surfaces, with the data version: one round trip. */
export async function readSurfaceStates(
	reader: PublicReader,
	surfaceIds: readonly string[],
): Promise<Versioned<SurfaceStateRow[]>> {
	const [version, rows] = await reader.batch([
		bound(reader, PUBLIC_READ_SQL.version),
		bound(reader, PUBLIC_READ_SQL.surfaceStates, { ids: JSON.stringify(surfaceIds) }),
	]);
	return {
		version: versionOf(version),
		rows: ((rows?.results ?? []) as RawSurfaceStateRow[]).map(surfaceStateFromRaw),
	};
}

export interface IncidentsWithUpdates {
	incidents: IncidentRow[];
	/** Each incident's public updates, newest first. */
	updates: Map<number, IncidentUpdateRow[]>;
}

/**
 * The recent incidents (see recent-incidents.ts) with their newest `maxUpdates` public updates each,
 * and the data version: one round trip.
 */
export async function readRecentIncidents(
	reader: PublicReader,
	sinceIso: string,
	maxUpdates: number,
): Promise<Versioned<IncidentsWithUpdates>> {
	const [version, incidents, updates] = await reader.batch([
		bound(reader, PUBLIC_READ_SQL.version),
		bound(reader, PUBLIC_READ_SQL.recentIncidents, { since: sinceIso }),
		reader.prepare(TIMELINE_SQL.recentUpdates).bind(sinceIso, maxUpdates),
	]);
	return {
		version: versionOf(version),
		rows: {
			incidents: ((incidents?.results ?? []) as RawIncidentRow[]).map(incidentFromRaw),
			updates: updatesFromRaw(updates),
		},
	};
}

/** One incident (null: none has this id) with its whole public timeline, and the data version: one round trip. */
export async function readIncident(
	reader: PublicReader,
	id: number,
): Promise<Versioned<{ incident: IncidentRow | null; updates: IncidentUpdateRow[] }>> {
	const [version, incident, updates] = await reader.batch([
		bound(reader, PUBLIC_READ_SQL.version),
		reader.prepare(TIMELINE_SQL.incidentById).bind(id),
		reader.prepare(TIMELINE_SQL.incidentUpdates).bind(id, Number.MAX_SAFE_INTEGER),
	]);
	const row = (incident?.results ?? [])[0] as RawIncidentRow | undefined;
	return {
		version: versionOf(version),
		rows: { incident: row ? incidentFromRaw(row) : null, updates: updatesFromRaw(updates).get(id) ?? [] },
	};
}
