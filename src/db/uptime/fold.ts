import { supportedInstant } from "../../domain/instants";
import type { StateChange } from "../../domain/uptime/daily-history";
import type { RolledDay } from "../../domain/uptime/history-report";
import { UPTIME_SQL } from "./queries";
import { changesFromRaw, type RawChange, type RawFold, type RawRolledDay, rolledFromRaw, rowsOf } from "./rows";

// The rollup's fold (the Cron Trigger, `npm run db:rebuild-rollup`): its reads and its writes.

/** How far the zone's rollup goes (null: not begun), read from the primary. */
export async function readFoldedThrough(db: D1Database, timeZone: string): Promise<number | null> {
	const row = await db.prepare(UPTIME_SQL.foldedThrough).bind(timeZone).first<RawFold>();
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
			`INSERT INTO status_uptime_fold (time_zone, folded_through, rollup_id)
			SELECT ?1, ?3, lower(hex(randomblob(8))) WHERE ${stillAtStart}
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
