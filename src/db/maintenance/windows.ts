import { MAX_OPEN_WINDOWS, type WindowFields } from "../../domain/maintenance-window";
import { HOLDS_BLOCKING } from "../../domain/precedence";
import type { StateSource, SurfaceState } from "../../domain/vocabulary";
import type { BatchPlan } from "../batch-plan";
import { type Db, type SQL, sql, statement } from "../sql";
import { type SurfaceTransitionResult, surfaceTransitionPlan } from "../surfaces/transition";
import { maintenanceEndPlan } from "./expiry";
import { type MaintenanceRow, maintenanceFromRaw, type RawMaintenanceRow } from "./rows";

const iso = (ms: number) => new Date(ms).toISOString();
const selectByKey = (key: string) => sql`SELECT * FROM status_maintenances WHERE key = ${key}`;

export async function findMaintenanceByKey(db: Db, key: string): Promise<MaintenanceRow | null> {
	const { results } = await statement(db, selectByKey(key)).all<RawMaintenanceRow>();
	return results[0] ? maintenanceFromRaw(results[0]) : null;
}

/**
 * The end of the maintenance a surface is in by the windows in progress that name it, as SQL run
 * inside the batch (after the windows' own changes): the latest end among them that is still
 * ahead - overlapping windows are their union - or NULL when none is.
 */
function scheduledEndOf(surfaceId: string, nowIso: string): SQL<string | null> {
	return sql<string | null>`(SELECT max(m.ends_at) FROM status_maintenances AS m, json_each(m.surface_ids) AS named
		WHERE m.status = 'in_progress' AND named.value = ${surfaceId} AND m.ends_at > ${nowIso})`;
}

/**
 * The public note of the maintenance a surface is in by the windows in progress that name it, as
 * SQL run inside the batch: that of the one ending last (then the earliest start, then the lowest
 * id), its note or else its title; NULL when none is in progress.
 */
function scheduledNoteOf(surfaceId: string, nowIso: string): SQL<string | null> {
	return sql<string | null>`(SELECT coalesce(m.public_note, m.title)
		FROM status_maintenances AS m, json_each(m.surface_ids) AS named
		WHERE m.status = 'in_progress' AND named.value = ${surfaceId} AND m.ends_at > ${nowIso}
		ORDER BY m.ends_at DESC, m.starts_at, m.id LIMIT 1)`;
}

/** A window's row change, then the audit trail of it on each named surface, in one plan. */
interface WindowWrite {
	/** The statement that changes the window's row; it must stamp write_id with `writeId`. */
	change: SQL;
	/** This write's own id (see status_maintenances.write_id). */
	writeId: string;
	key: string;
	surfaceIds: readonly string[];
	actor: string;
	auditNote: string;
	nowIso: string;
}

export interface WindowWriteResult {
	/** Whether the row changed (false: another request changed it first, or there was nothing to do). */
	changed: boolean;
	row: MaintenanceRow | null;
}

/**
 * The statements of a window write: the row's change; an audit row on each named surface that has
 * a state (its state unchanged: the announcement is recorded where the surface's history is); the
 * row after. The audit rows are written only when this write's change happened (its write_id).
 */
function windowWriteStatements(write: WindowWrite): SQL[] {
	const changed = sql`EXISTS (SELECT 1 FROM status_maintenances WHERE key = ${write.key} AND write_id = ${write.writeId})`;
	const audit = sql`INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at)
		SELECT surface_state.surface_id, ${write.actor}, surface_state.state, surface_state.state, 'schedule',
			${write.auditNote}, ${write.nowIso}
		FROM json_each(${JSON.stringify(write.surfaceIds)}) AS named
		JOIN surface_state ON surface_state.surface_id = named.value
		WHERE ${changed}`;
	return [write.change, audit, selectByKey(write.key)];
}

function readWindowWrite(results: D1Result[]): WindowWriteResult {
	const row = results.at(-1)?.results[0] as RawMaintenanceRow | undefined;
	return {
		changed: ((results[0]?.results.length ?? 0) as number) > 0,
		row: row ? maintenanceFromRaw(row) : null,
	};
}

export function createWindowPlan(
	db: Db,
	announcement: Omit<WindowWrite, "change" | "writeId"> & { fields: WindowFields },
): BatchPlan<WindowWriteResult> {
	const write = { ...announcement, writeId: crypto.randomUUID() };
	const { fields, nowIso } = write;
	// The cap is counted inside the batch, so concurrent announcements cannot pass it together.
	const change = sql`INSERT INTO status_maintenances
		(key, title, public_note, surface_ids, starts_at, ends_at, status, missed, created_at, updated_at, write_id)
		SELECT ${write.key}, ${fields.title}, ${fields.publicNote}, ${JSON.stringify(fields.surfaceIds)},
			${iso(fields.startsAt)}, ${iso(fields.endsAt)}, 'scheduled', 0, ${nowIso}, ${nowIso}, ${write.writeId}
		WHERE (SELECT count(*) FROM status_maintenances
			WHERE status IN ('scheduled', 'in_progress') AND ends_at > ${nowIso}) < ${MAX_OPEN_WINDOWS}
		ON CONFLICT (key) DO NOTHING
		RETURNING id`;
	return {
		statements: windowWriteStatements({ ...write, change }).map((query) => statement(db, query)),
		read: readWindowWrite,
	};
}

/** Replaces a window that has not started, unless it changed since `seenUpdatedAt`. */
export function replaceWindowPlan(
	db: Db,
	replacement: Omit<WindowWrite, "change" | "writeId"> & { fields: WindowFields; seenUpdatedAt: string },
): BatchPlan<WindowWriteResult> {
	const write = { ...replacement, writeId: crypto.randomUUID() };
	const { fields, nowIso } = write;
	const change = sql`UPDATE status_maintenances SET title = ${fields.title}, public_note = ${fields.publicNote},
			surface_ids = ${JSON.stringify(fields.surfaceIds)}, starts_at = ${iso(fields.startsAt)},
			ends_at = ${iso(fields.endsAt)}, updated_at = ${nowIso}, write_id = ${write.writeId}
		WHERE key = ${write.key} AND updated_at = ${write.seenUpdatedAt} AND status = 'scheduled'
			AND starts_at > ${nowIso}
		RETURNING id`;
	return {
		statements: windowWriteStatements({ ...write, change }).map((query) => statement(db, query)),
		read: readWindowWrite,
	};
}

/**
 * A window's surfaces after it was shortened or cancelled: on each surface in maintenance from the
 * schedule, when this batch changed the window and it had started, the maintenance's end and note
 * become those of the windows still in progress that name it (whatever window wrote them last);
 * with none left, it ends now, and the surface returns to what its other sources say, as at the
 * end of any window (expiry.ts).
 */
function surfacesAfterWindowPlans(
	db: Db,
	write: Pick<WindowWrite, "key" | "surfaceIds" | "nowIso" | "actor" | "auditNote" | "writeId">,
): BatchPlan<SurfaceTransitionResult>[] {
	const { key, nowIso } = write;
	const startedAndChanged = sql`EXISTS (SELECT 1 FROM status_maintenances WHERE key = ${key}
		AND started_at IS NOT NULL AND write_id = ${write.writeId})`;
	return write.surfaceIds.flatMap((surfaceId) => {
		const inScheduledMaintenance = sql`EXISTS (SELECT 1 FROM surface_state WHERE surface_id = ${surfaceId}
			AND state = 'MAINTENANCE' AND state_source = 'schedule')`;
		const keep = surfaceTransitionPlan(db, {
			surfaceId,
			state: "MAINTENANCE" as SurfaceState,
			source: "schedule",
			actor: write.actor,
			publicNote: sql<string | null>`coalesce(${scheduledNoteOf(surfaceId, nowIso)},
				(SELECT public_note FROM surface_state WHERE surface_id = ${surfaceId}))`,
			ticketPending: null,
			maintenanceUntil: sql<string | null>`coalesce(${scheduledEndOf(surfaceId, nowIso)}, ${nowIso})`,
			auditNote: write.auditNote,
			nowIso,
			blockingHolds: [],
			onlyIf: sql`${startedAndChanged} AND ${inScheduledMaintenance}`,
		});
		// With no window left, maintenance_until is now: the end of a window, as the expiry ends it.
		return [keep, maintenanceEndPlan(db, surfaceId, nowIso)];
	});
}

/** Shortens a window in progress to `endsAtMs`, and its surfaces' maintenance with it. */
export function shortenWindowPlans(
	db: Db,
	shortening: Omit<WindowWrite, "change" | "writeId"> & { endsAt: number; seenUpdatedAt: string },
): [BatchPlan<WindowWriteResult>, ...BatchPlan<SurfaceTransitionResult>[]] {
	const write = { ...shortening, writeId: crypto.randomUUID() };
	const change = sql`UPDATE status_maintenances SET ends_at = ${iso(write.endsAt)}, updated_at = ${write.nowIso},
			write_id = ${write.writeId}
		WHERE key = ${write.key} AND updated_at = ${write.seenUpdatedAt} RETURNING id`;
	return [
		{
			statements: windowWriteStatements({ ...write, change }).map((query) => statement(db, query)),
			read: readWindowWrite,
		},
		...surfacesAfterWindowPlans(db, write),
	];
}

/** Cancels a window not yet over; if it had started, its surfaces' maintenance ends now (or where others say). */
export function cancelWindowPlans(
	db: Db,
	cancellation: Omit<WindowWrite, "change" | "writeId">,
): [BatchPlan<WindowWriteResult>, ...BatchPlan<SurfaceTransitionResult>[]] {
	const write = { ...cancellation, writeId: crypto.randomUUID() };
	const change = sql`UPDATE status_maintenances SET status = 'cancelled', ended_at = ${write.nowIso},
			updated_at = ${write.nowIso}, write_id = ${write.writeId}
		WHERE key = ${write.key} AND status IN ('scheduled', 'in_progress') RETURNING id`;
	return [
		{
			statements: windowWriteStatements({ ...write, change }).map((query) => statement(db, query)),
			read: readWindowWrite,
		},
		...surfacesAfterWindowPlans(db, write),
	];
}

/**
 * The windows the cron must act on at `now`: due to start (or passed unstarted), and in progress
 * with their end come; at most `limit` of each, the earliest (the rest wait for the next cycle). A
 * statement for the cycle's one read (two index ranges).
 */
export function dueWindowsStatement(db: Db, nowIso: string, limit: number): D1PreparedStatement {
	return statement(
		db,
		// Named indexes: with years of completed windows, table statistics can talk SQLite into a scan.
		sql`SELECT * FROM (SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_starts_idx
				WHERE status = 'scheduled' AND starts_at <= ${nowIso} ORDER BY starts_at, id LIMIT ${limit})
			UNION ALL SELECT * FROM (SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_ends_idx
				WHERE status = 'in_progress' AND ends_at <= ${nowIso} ORDER BY ends_at, id LIMIT ${limit})`,
	);
}

export function dueWindowsFromResult(result: D1Result | undefined): MaintenanceRow[] {
	return ((result?.results ?? []) as RawMaintenanceRow[])
		.map(maintenanceFromRaw)
		.sort((a, b) => a.startsAt - b.startsAt || a.id - b.id);
}

/**
 * The cron's changes to the windows, first in its batch: windows that passed while the cron did not
 * run are completed without transitions (missed); due windows go in progress; windows in progress
 * whose end has come are completed. Each by a guarded UPDATE, so two cycles racing do it once.
 */
export function windowStatusPlan(
	db: Db,
	nowIso: string,
	/** The windows the cycle read as due: one announced since then waits for the next cycle. */
	dueIds: readonly number[],
): BatchPlan<{ missed: number[]; started: number[] }> {
	const read = JSON.stringify(dueIds);
	const missed = sql`UPDATE status_maintenances SET status = 'completed', missed = 1, ended_at = ends_at,
			updated_at = ${nowIso}
		WHERE status = 'scheduled' AND ends_at <= ${nowIso} RETURNING id`;
	const started = sql`UPDATE status_maintenances SET status = 'in_progress', started_at = ${nowIso}, updated_at = ${nowIso}
		WHERE status = 'scheduled' AND starts_at <= ${nowIso} AND id IN (SELECT value FROM json_each(${read})) RETURNING id`;
	const completed = sql`UPDATE status_maintenances SET status = 'completed', ended_at = ends_at, updated_at = ${nowIso}
		WHERE status = 'in_progress' AND ends_at <= ${nowIso}`;
	const ids = (result: D1Result | undefined) =>
		((result?.results ?? []) as Pick<RawMaintenanceRow, "id">[]).map((row) => row.id);
	return {
		statements: [missed, started, completed].map((query) => statement(db, query)),
		read: ([missedResult, startedResult]) => ({ missed: ids(missedResult), started: ids(startedResult) }),
	};
}

/**
 * One surface's start, from the union of the windows starting on it in this batch: it goes to
 * MAINTENANCE from the schedule, until the latest end of the windows in progress that name it (and
 * of a maintenance it is already in), with the note of the one ending last, under writer
 * precedence: a manual hold or an open ticket keeps its state, and the start is reported as held.
 * A surface already in an operator's maintenance with an end stays the operator's (source and
 * note), and the windows only extend its end: cancelling a window then cannot end the operator's
 * maintenance early, since only maintenance from the schedule follows the windows left.
 * One transition, so one audit row, whatever the number of windows.
 */
export function surfaceStartPlan(
	db: Db,
	surfaceId: string,
	starting: readonly MaintenanceRow[],
	auditNote: string,
	nowIso: string,
): BatchPlan<SurfaceTransitionResult> {
	const current = sql`(SELECT maintenance_until FROM surface_state WHERE surface_id = ${surfaceId}
		AND state = 'MAINTENANCE' AND maintenance_until > ${nowIso})`;
	const latestEnd = iso(Math.max(...starting.map((window) => window.endsAt)));
	const ids = JSON.stringify(starting.map((window) => window.id));
	const first = starting[0];
	const inOperatorsMaintenance = sql`EXISTS (SELECT 1 FROM surface_state WHERE surface_id = ${surfaceId}
		AND state = 'MAINTENANCE' AND state_source = 'manual' AND maintenance_until > ${nowIso})`;
	return surfaceTransitionPlan(db, {
		surfaceId,
		state: "MAINTENANCE",
		source: sql<StateSource>`CASE WHEN ${inOperatorsMaintenance} THEN 'manual' ELSE 'schedule' END`,
		actor: "schedule",
		publicNote: sql<string | null>`CASE WHEN ${inOperatorsMaintenance}
			THEN (SELECT public_note FROM surface_state WHERE surface_id = ${surfaceId})
			ELSE coalesce(${scheduledNoteOf(surfaceId, nowIso)}, ${first?.publicNote ?? first?.title ?? null}) END`,
		ticketPending: null,
		maintenanceUntil: sql<
			string | null
		>`max(coalesce(${current}, ''), coalesce(${scheduledEndOf(surfaceId, nowIso)}, ''), ${latestEnd})`,
		auditNote,
		nowIso,
		blockingHolds: HOLDS_BLOCKING.schedule,
		// Only windows this batch started: a cycle racing it (the windows already started) does nothing.
		onlyIf: sql`EXISTS (SELECT 1 FROM status_maintenances
			WHERE id IN (SELECT value FROM json_each(${ids})) AND started_at = ${nowIso})`,
	});
}
