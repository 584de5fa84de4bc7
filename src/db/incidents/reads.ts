import { bound, type CompiledQuery, type PublicReader, readVersioned, type Versioned } from "../data-version";
import type { IncidentEventRow, IncidentRow } from "../schema";
import { INCIDENT_COLUMNS, incidentFromRaw, type RawIncidentRow } from "./rows";
import { type IncidentUpdateRow, TIMELINE_SQL, updatesFromRaw } from "./updates";

/**
 * Unresolved incidents and those opened or resolved since `since`, in one query, exactly as Drizzle
 * compiles it from src/db/schema.ts (test/worker/db/public-read-sql.test.ts). Unordered: an ORDER
 * BY makes SQLite walk the opened_at index whole to merge the branches in order. Written as three
 * disjoint index range lookups (an OR lets SQLite scan a whole index instead): open and
 * resolved-since on (resolved_at, opened_at), opened-since on (opened_at) - resolved before the
 * window yet opened in it happens only with a clock skew, and the unary + keeps SQLite on the
 * opened_at index for that branch.
 */
export const RECENT_INCIDENTS_SQL = {
	sql: `select ${INCIDENT_COLUMNS} from "status_incidents" where "status_incidents"."resolved_at" is null union all select ${INCIDENT_COLUMNS} from "status_incidents" where "status_incidents"."resolved_at" >= ? union all select ${INCIDENT_COLUMNS} from "status_incidents" where ("status_incidents"."opened_at" >= ? and +"status_incidents"."resolved_at" < ?)`,
	params: [{ name: "since" }, { name: "since" }, { name: "since" }],
} as const satisfies CompiledQuery;

export interface IncidentsWithUpdates {
	incidents: IncidentRow[];
	/** Each incident's public updates, newest first. */
	updates: Map<number, IncidentUpdateRow[]>;
}

const incidentsOf = (result: D1Result | undefined) =>
	((result?.results ?? []) as RawIncidentRow[]).map(incidentFromRaw);

/**
 * The recent incidents (RECENT_INCIDENTS_SQL) with their newest `maxUpdates` public updates each,
 * and the data version: one round trip.
 */
export async function readRecentIncidents(
	reader: PublicReader,
	sinceIso: string,
	maxUpdates: number,
): Promise<Versioned<IncidentsWithUpdates>> {
	return readVersioned(
		reader,
		[
			bound(reader, RECENT_INCIDENTS_SQL, { since: sinceIso }),
			reader.prepare(TIMELINE_SQL.recentUpdates).bind(sinceIso, maxUpdates),
		],
		([incidents, updates]) => ({ incidents: incidentsOf(incidents), updates: updatesFromRaw(updates) }),
	);
}

export interface IncidentUpdatesPage {
	incident: IncidentRow | null;
	/** The page's updates, newest first: at most `size` + 1 (one more says older ones remain). */
	updates: IncidentUpdateRow[];
	/** The status of the incident's latest event (null: it has none). */
	latestStatus: IncidentEventRow["status"] | null;
	/** Whether `before` is the time of one of the incident's events (true without `before`). */
	cursorKnown: boolean;
}

/**
 * One incident (null: none has this id) with one page of its public timeline: the `size` newest
 * updates older than `before` (null: the newest), one more if there is, and the data version: one
 * round trip.
 */
export async function readIncident(
	reader: PublicReader,
	id: number,
	page: { before: string | null; size: number },
): Promise<Versioned<IncidentUpdatesPage>> {
	return readVersioned(
		reader,
		[
			reader.prepare(TIMELINE_SQL.incidentById).bind(id),
			reader.prepare(TIMELINE_SQL.incidentUpdatesPage).bind(id, page.before, page.size + 1),
			reader.prepare(TIMELINE_SQL.incidentStatus).bind(id),
			reader.prepare(TIMELINE_SQL.incidentEventAt).bind(id, page.before ?? ""),
		],
		([incident, updates, status, eventAt]) => ({
			incident: incidentsOf(incident)[0] ?? null,
			updates: updatesFromRaw(updates).get(id) ?? [],
			latestStatus: (status?.results[0] as Pick<IncidentEventRow, "status"> | undefined)?.status ?? null,
			cursorKnown: page.before === null || (eventAt?.results.length ?? 0) > 0,
		}),
	);
}
