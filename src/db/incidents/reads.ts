import { bound, type CompiledQuery, type PublicReader, readVersioned, type Versioned } from "../data-version";
import type { IncidentEventRow, IncidentRow, SurfaceStateRow } from "../schema";
import { surfaceStatesOf } from "../surfaces/reads";
import { INCIDENT_COLUMNS, INCIDENT_COLUMNS_WITH_TITLE, incidentFromRaw, type RawIncidentRow } from "./rows";
import { type IncidentUpdateRow, TIMELINE_SQL, updatesFromRaw } from "./updates";

const recentBranch = (name: string, where: string, newest: string) =>
	`select ${INCIDENT_COLUMNS}, "public_title" from (select ${INCIDENT_COLUMNS_WITH_TITLE} from "status_incidents" where ${where} order by "status_incidents"."${newest}" desc limit ?) "${name}"`;

/**
 * The `limit` most relevant of the unresolved incidents and those opened or resolved since
 * `since`, in one query, exactly as Drizzle compiles it from src/db/schema.ts
 * (test/worker/db/public-read-sql.test.ts): the open ones first (the latest opened), then the
 * latest resolved, ties in the order of the indexes (the latest opened, then the greater id). Three disjoint index range lookups, each walked from its end and stopped after
 * `limit` rows (an OR lets SQLite scan a whole index instead), then at most 3 x `limit` rows
 * sorted: open and resolved-since on (resolved_at, opened_at), opened-since on (opened_at) -
 * resolved before the window yet opened in it happens only with a clock skew, and the unary +
 * keeps SQLite on the opened_at index for that branch.
 */
export const RECENT_INCIDENTS_SQL = {
	sql: [
		recentBranch("open_incidents", `"status_incidents"."resolved_at" is null`, "opened_at"),
		recentBranch("resolved_incidents", `"status_incidents"."resolved_at" >= ?`, "resolved_at"),
		recentBranch(
			"skewed_incidents",
			`("status_incidents"."opened_at" >= ? and +"status_incidents"."resolved_at" < ?)`,
			"opened_at",
		),
	]
		.join(" union all ")
		.concat(` order by "resolved_at" desc nulls first, "opened_at" desc, "id" desc limit ?`),
	params: [
		{ name: "limit" },
		{ name: "since" },
		{ name: "limit" },
		{ name: "since" },
		{ name: "since" },
		{ name: "limit" },
		{ name: "limit" },
	],
} as const satisfies CompiledQuery;

/** How many incidents RECENT_INCIDENTS_SQL covers, listed or not: the open ones, and the others. */
export interface RecentIncidentCounts {
	open: number;
	resolved: number;
}

export interface IncidentsWithUpdates {
	incidents: IncidentRow[];
	/** Each incident's public updates, newest first. */
	updates: Map<number, IncidentUpdateRow[]>;
	/** How many incidents the list covers, listed or not. */
	totals: RecentIncidentCounts;
}

export function recentCountsOf(result: D1Result | undefined): RecentIncidentCounts {
	const row = result?.results[0] as Partial<RecentIncidentCounts> | undefined;
	return { open: row?.open ?? 0, resolved: row?.resolved ?? 0 };
}

const incidentsOf = (result: D1Result | undefined) =>
	((result?.results ?? []) as RawIncidentRow[]).map(incidentFromRaw);

/**
 * The `maxIncidents` most relevant recent incidents (RECENT_INCIDENTS_SQL) with their newest
 * `maxUpdates` public updates each, how many there are in all, and the data version: one round trip.
 */
export async function readRecentIncidents(
	reader: PublicReader,
	sinceIso: string,
	bounds: { maxIncidents: number; maxUpdates: number },
): Promise<Versioned<IncidentsWithUpdates>> {
	return readVersioned(
		reader,
		[
			bound(reader, RECENT_INCIDENTS_SQL, { since: sinceIso, limit: bounds.maxIncidents }),
			reader.prepare(TIMELINE_SQL.recentUpdates).bind(sinceIso, bounds.maxUpdates, bounds.maxIncidents),
			reader.prepare(TIMELINE_SQL.recentCounts).bind(sinceIso),
		],
		([incidents, updates, counts]) => ({
			incidents: incidentsOf(incidents),
			updates: updatesFromRaw(updates),
			totals: recentCountsOf(counts),
		}),
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
	/** The current state of the surface the incident affects (null: none recorded). */
	surfaceState: SurfaceStateRow | null;
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
			reader.prepare(TIMELINE_SQL.incidentSurfaceState).bind(id),
		],
		([incident, updates, status, eventAt, surfaceState]) => ({
			incident: incidentsOf(incident)[0] ?? null,
			updates: updatesFromRaw(updates).get(id) ?? [],
			latestStatus: (status?.results[0] as Pick<IncidentEventRow, "status"> | undefined)?.status ?? null,
			cursorKnown: page.before === null || (eventAt?.results.length ?? 0) > 0,
			surfaceState: surfaceStatesOf(surfaceState)[0] ?? null,
		}),
	);
}
