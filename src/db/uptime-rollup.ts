import { publicIncidentId } from "../domain/incident-id";
import { supportedInstant } from "../domain/instants";
import type { StateChange } from "../domain/uptime/daily-history";
import type { IncidentSpan, RolledDay } from "../domain/uptime/history-report";
import type { SurfaceState } from "../domain/vocabulary";
import type { PublicReader } from "./public-reads";
import { PUBLIC_READ_SQL } from "./public-reads";

// The uptime history's reads and the rollup's writes (schema.ts: status_uptime_days and
// status_uptime_fold). Every query here is an index range or a primary-key lookup:
// test/worker/uptime/query-plans.test.ts holds them to it with EXPLAIN QUERY PLAN.

/** Where the live part of a history starts: the end of the zone's rollup, if it reaches into the window. */
const LIVE_SINCE = `(SELECT max(?1, coalesce((SELECT folded_through FROM status_uptime_fold WHERE time_zone = ?2), ?1)))`;

/**
 * Each surface's state just before an instant: its latest audit row before it, one index seek
 * per surface (status_audit_log_surface_created_idx; the rowid breaks ties, as it does everywhere).
 */
const stateBefore = (instant: string) => `SELECT ids.value AS surface_id,
	(SELECT new_state FROM status_audit_log
		WHERE surface_id = ids.value AND created_at < ${instant}
		ORDER BY created_at DESC, id DESC LIMIT 1) AS new_state
	FROM json_each(?3) AS ids`;

/** Audit rows of the given surfaces in [since, until), in the order they apply. */
const changesBetween = (since: string, until: string) => `SELECT surface_id, new_state, created_at
	FROM status_audit_log
	WHERE created_at >= ${since} AND created_at < ${until} AND surface_id IN (SELECT value FROM json_each(?3))
	ORDER BY created_at, id`;

const INCIDENT_SPAN_COLUMNS = "id, surface_id, opened_at, resolved_at";

export const UPTIME_SQL = {
	foldedThrough: "SELECT folded_through FROM status_uptime_fold WHERE time_zone = ?1",
	// ?1 zone, ?2 first date, ?3 surface ids, ?4 the day after the last date.
	rolledDays: `SELECT surface_id, date, operational_ms, degraded_ms, partial_ms, down_ms, maintenance_ms, unknown_ms, worst
		FROM status_uptime_days
		WHERE time_zone = ?1 AND date >= ?2 AND date < ?4 AND surface_id IN (SELECT value FROM json_each(?3))`,
	// ?1 zone, ?2 date, ?3 surface ids: the day a fold continues.
	rolledDay: `SELECT surface_id, date, operational_ms, degraded_ms, partial_ms, down_ms, maintenance_ms, unknown_ms, worst
		FROM status_uptime_days
		WHERE time_zone = ?1 AND date = ?2 AND surface_id IN (SELECT value FROM json_each(?3))`,
	// ?1 window start, ?2 zone, ?3 surface ids, ?4 window end.
	liveStateBefore: stateBefore(LIVE_SINCE),
	liveChanges: changesBetween(LIVE_SINCE, "?4"),
	// ?1 window start, ?2 window end, ?3 surface ids: open incidents, and those resolved in the window.
	incidentSpans: `SELECT ${INCIDENT_SPAN_COLUMNS} FROM status_incidents
		WHERE resolved_at IS NULL AND opened_at < ?2 AND surface_id IN (SELECT value FROM json_each(?3))
		UNION ALL
		SELECT ${INCIDENT_SPAN_COLUMNS} FROM status_incidents
		WHERE resolved_at >= ?1 AND opened_at < ?2 AND surface_id IN (SELECT value FROM json_each(?3))`,
	// The fold's input. ?1 first instant, ?2 end, ?3 surface ids.
	foldStateBefore: stateBefore("?1"),
	foldChanges: changesBetween("?1", "?2"),
} as const;

interface RawRolledDay {
	surface_id: string;
	date: string;
	operational_ms: number;
	degraded_ms: number;
	partial_ms: number;
	down_ms: number;
	maintenance_ms: number;
	unknown_ms: number;
	worst: SurfaceState | null;
}

interface RawChange {
	surface_id: string;
	new_state: SurfaceState | null;
	created_at?: string;
}

interface RawIncidentSpan {
	id: number;
	surface_id: string;
	opened_at: string;
	resolved_at: string | null;
}

const rowsOf = <T>(result: D1Result | undefined): T[] => (result?.results ?? []) as T[];

function rolledFromRaw(row: RawRolledDay): RolledDay {
	return {
		surfaceId: row.surface_id,
		date: row.date,
		worst: row.worst,
		ms: {
			OPERATIONAL: row.operational_ms,
			DEGRADED: row.degraded_ms,
			PARTIAL: row.partial_ms,
			DOWN: row.down_ms,
			MAINTENANCE: row.maintenance_ms,
			UNKNOWN: row.unknown_ms,
		},
	};
}

/**
 * Each surface's changes: the state it held before `since` (as a change at `since`), then its audit
 * rows in order. A row whose created_at is no supported instant (only a hand-written row could be
 * one) is left out rather than guessed at.
 */
function changesFromRaw(before: RawChange[], rows: RawChange[], since: number): Map<string, StateChange[]> {
	const changes = new Map<string, StateChange[]>();
	const listOf = (surfaceId: string) => {
		const list = changes.get(surfaceId) ?? [];
		changes.set(surfaceId, list);
		return list;
	};
	for (const row of before) if (row.new_state) listOf(row.surface_id).push({ at: since, state: row.new_state });
	for (const row of rows) {
		const at = row.created_at ? supportedInstant(row.created_at) : null;
		if (at && row.new_state) listOf(row.surface_id).push({ at: at.getTime(), state: row.new_state });
	}
	return changes;
}

function spanFromRaw(row: RawIncidentSpan): IncidentSpan | null {
	const opened = supportedInstant(row.opened_at);
	if (!opened) return null;
	return {
		publicId: publicIncidentId(row.id),
		surfaceId: row.surface_id,
		openedAt: opened.getTime(),
		resolvedAt: row.resolved_at === null ? null : (supportedInstant(row.resolved_at)?.getTime() ?? null),
	};
}

export interface UptimeReadRequest {
	timeZone: string;
	surfaceIds: readonly string[];
	from: number;
	to: number;
	firstDate: string;
	dayAfterLast: string;
}

export interface UptimeRows {
	version: number;
	liveFrom: number;
	rolled: RolledDay[];
	changes: Map<string, StateChange[]>;
	incidents: IncidentSpan[];
}

/** The statements of a history read, to be sent in one batch (alone, or with others'). */
export function uptimeStatements(reader: PublicReader, request: UptimeReadRequest): D1PreparedStatement[] {
	const ids = JSON.stringify(request.surfaceIds);
	const fromIso = new Date(request.from).toISOString();
	const toIso = new Date(request.to).toISOString();
	const live = [fromIso, request.timeZone, ids, toIso];
	return [
		reader.prepare(PUBLIC_READ_SQL.version.sql).bind(...PUBLIC_READ_SQL.version.params),
		reader.prepare(UPTIME_SQL.foldedThrough).bind(request.timeZone),
		reader.prepare(UPTIME_SQL.rolledDays).bind(request.timeZone, request.firstDate, ids, request.dayAfterLast),
		reader.prepare(UPTIME_SQL.liveStateBefore).bind(...live.slice(0, 3)),
		reader.prepare(UPTIME_SQL.liveChanges).bind(...live),
		reader.prepare(UPTIME_SQL.incidentSpans).bind(fromIso, toIso, ids),
	];
}

/** The rows of a history read, from the results of its statements (in uptimeStatements' order). */
export function uptimeRowsOf(results: readonly (D1Result | undefined)[], request: UptimeReadRequest): UptimeRows {
	const [version, folded, rolled, before, changes, incidents] = results;
	const foldedThrough = rowsOf<{ folded_through: string }>(folded)[0]?.folded_through;
	const foldedMs = foldedThrough ? (supportedInstant(foldedThrough)?.getTime() ?? request.from) : request.from;
	const liveFrom = Math.max(request.from, foldedMs);
	return {
		version: rowsOf<{ version: number }>(version)[0]?.version ?? 0,
		liveFrom,
		rolled: rowsOf<RawRolledDay>(rolled).map(rolledFromRaw),
		changes: changesFromRaw(rowsOf<RawChange>(before), rowsOf<RawChange>(changes), liveFrom),
		incidents: rowsOf<RawIncidentSpan>(incidents)
			.map(spanFromRaw)
			.filter((span): span is IncidentSpan => span !== null),
	};
}

/** Everything a history answer needs, in one round trip (one D1 batch, read replicas allowed). */
export async function readUptimeRows(reader: PublicReader, request: UptimeReadRequest): Promise<UptimeRows> {
	return uptimeRowsOf(await reader.batch(uptimeStatements(reader, request)), request);
}

/** How far the zone's rollup goes (null: not begun), read from the primary. */
export async function readFoldedThrough(db: D1Database, timeZone: string): Promise<number | null> {
	const row = await db.prepare(UPTIME_SQL.foldedThrough).bind(timeZone).first<{ folded_through: string }>();
	return row ? (supportedInstant(row.folded_through)?.getTime() ?? null) : null;
}

export interface FoldInputRequest {
	timeZone: string;
	surfaceIds: readonly string[];
	start: number;
	end: number;
	/** The date whose row the fold continues (the rollup ends inside it), if any. */
	continued: string | null;
}

export interface FoldInput {
	changes: Map<string, StateChange[]>;
	/** The rollup's rows of the continued day, by surface. */
	continued: Map<string, RolledDay>;
}

/** Each surface's changes over [start, end), and the rows the fold continues: one round trip. */
export async function readFoldInput(db: D1Database, request: FoldInputRequest): Promise<FoldInput> {
	const ids = JSON.stringify(request.surfaceIds);
	const params = [new Date(request.start).toISOString(), new Date(request.end).toISOString(), ids];
	const [before, changes, continued] = await db.batch([
		db.prepare(UPTIME_SQL.foldStateBefore).bind(...params),
		db.prepare(UPTIME_SQL.foldChanges).bind(...params),
		db.prepare(UPTIME_SQL.rolledDay).bind(request.timeZone, request.continued ?? "", ids),
	]);
	return {
		changes: changesFromRaw(rowsOf<RawChange>(before), rowsOf<RawChange>(changes), request.start),
		continued: new Map(rowsOf<RawRolledDay>(continued).map((row) => [row.surface_id, rolledFromRaw(row)])),
	};
}

/**
 * Writes folded days and moves the zone's fold point, in one batch. The days are written only if
 * the fold point is still where this fold started from: of two folds racing, one lands and the
 * other changes nothing (both computed the same rows from the same audit rows anyway).
 * Returns whether this fold landed.
 */
export async function writeFold(
	db: D1Database,
	timeZone: string,
	days: readonly RolledDay[],
	foldedFrom: number | null,
	foldedThrough: number,
): Promise<boolean> {
	const from = foldedFrom === null ? null : new Date(foldedFrom).toISOString();
	const stillAtStart = `coalesce((SELECT folded_through FROM status_uptime_fold WHERE time_zone = ?1), '') = coalesce(?2, '')`;
	// At most 100 bound parameters per D1 query: the days travel as one JSON parameter.
	const rows = JSON.stringify(
		days.map((day) => [
			day.date,
			day.surfaceId,
			day.ms.OPERATIONAL,
			day.ms.DEGRADED,
			day.ms.PARTIAL,
			day.ms.DOWN,
			day.ms.MAINTENANCE,
			day.ms.UNKNOWN,
			day.worst,
		]),
	);
	const insertDays = db
		.prepare(
			`INSERT OR REPLACE INTO status_uptime_days
				(time_zone, date, surface_id, operational_ms, degraded_ms, partial_ms, down_ms, maintenance_ms, unknown_ms, worst)
			SELECT ?1, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,
				value ->> 7, value ->> 8
			FROM json_each(?3) WHERE ${stillAtStart}`,
		)
		.bind(timeZone, from, rows);
	const moveFoldPoint = db
		.prepare(
			`INSERT INTO status_uptime_fold (time_zone, folded_through) SELECT ?1, ?3 WHERE ${stillAtStart}
			ON CONFLICT (time_zone) DO UPDATE SET folded_through = excluded.folded_through`,
		)
		.bind(timeZone, from, new Date(foldedThrough).toISOString());
	const [, moved] = await db.batch([insertDays, moveFoldPoint]);
	return (moved?.meta.changes ?? 0) > 0;
}

/** Forgets a zone's rollup, so that it is folded again from the audit log. */
export async function clearRollup(db: D1Database, timeZone: string): Promise<void> {
	await db.batch([
		db.prepare("DELETE FROM status_uptime_days WHERE time_zone = ?1").bind(timeZone),
		db.prepare("DELETE FROM status_uptime_fold WHERE time_zone = ?1").bind(timeZone),
	]);
}
