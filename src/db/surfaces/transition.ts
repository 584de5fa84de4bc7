import type { Hold } from "../../domain/precedence";
import type { StateSource, SurfaceState } from "../../domain/vocabulary";
import { randomId } from "../../lib/random-id";
import type { BatchPlan } from "../batch-plan";
import type { SettledEvent } from "../notifications/outbox";
import type { SurfaceStateRow } from "../schema";
import { type Db, type SQL, sql, statement } from "../sql";
import { firstHoldSql, holdPredicate } from "./holds";
import { type RawSurfaceStateRow, surfaceStateFromRaw } from "./rows";

/** A value to write, or an SQL expression that computes it inside the batch. */
export type ValueOrSql<T> = T | SQL<T>;

export interface SurfaceRowWrite {
	surfaceId: string;
	state: ValueOrSql<SurfaceState>;
	source: ValueOrSql<StateSource>;
	actor: string;
	publicNote: ValueOrSql<string | null>;
	/** null keeps the row's current value (a new row starts at 0). */
	ticketPending: ValueOrSql<0 | 1 | null>;
	maintenanceUntil: ValueOrSql<string | null>;
	auditNote: string | null;
	nowIso: string;
	/** Holds that stop this write (reported as blocking); see domain/precedence.ts. */
	blockingHolds: readonly Hold[];
	/** When given, the write is skipped unless this holds (a no-op, not a blocked write). */
	onlyIf?: SQL;
	/** false: no surface.state_changed event for this write (an operator's `notify: false`). */
	notify?: boolean;
}

export interface SurfaceTransitionResult {
	before: SurfaceStateRow | null;
	blockingHold: Hold | null;
	changed: boolean;
	after: SurfaceStateRow | null;
	/** The surface.state_changed event the write committed, if its state changed. */
	event: SettledEvent | null;
}

/**
 * One surface transition, to run as (part of) one D1 batch, D1's only transaction:
 * 1. the row before, with the first blocking hold;
 * 2. the audit row, inserted only when the write changes the row and no hold blocks it;
 * 3. its surface.state_changed event in the outbox, when the state itself changes (not notify: false);
 * 4. the upsert, under the same condition;
 * 5. the row after.
 * Both conditions and the audit row's previous_state are read inside the batch, never from an
 * earlier read in JavaScript, so concurrent writers still leave an unbroken previous/new chain.
 */
export function surfaceTransitionPlan(db: Db, write: SurfaceRowWrite): BatchPlan<SurfaceTransitionResult> {
	const { surfaceId, state, source, publicNote, ticketPending, maintenanceUntil, nowIso } = write;

	const before = sql`SELECT *, ${firstHoldSql(write.blockingHolds, nowIso)} AS blocking_hold
		FROM surface_state WHERE surface_state.surface_id = ${surfaceId}`;

	const sameAsRow = sql`(surface_state.state = ${state}
		AND surface_state.state_source = ${source}
		AND surface_state.ticket_pending = coalesce(${ticketPending}, surface_state.ticket_pending)
		AND surface_state.public_note IS ${publicNote}
		AND surface_state.maintenance_until IS ${maintenanceUntil})`;
	const stoppers: SQL[] = [sameAsRow, ...write.blockingHolds.map((hold) => holdPredicate(hold, nowIso))];
	const writeApplies = sql`NOT EXISTS (SELECT 1 FROM surface_state
		WHERE surface_state.surface_id = ${surfaceId} AND (${sql.join(stoppers, sql` OR `)}))
		AND ${write.onlyIf ?? sql`1`}`;

	const audit = sql`INSERT INTO status_audit_log
		(surface_id, actor, previous_state, new_state, source, note, created_at)
		SELECT ${surfaceId}, ${write.actor},
			(SELECT surface_state.state FROM surface_state WHERE surface_state.surface_id = ${surfaceId}),
			${state}, ${source}, ${write.auditNote}, ${nowIso}
		WHERE ${writeApplies}`;

	// state_since moves only when the state changes; updated_at moves on every applied write.
	const upsert = sql`INSERT INTO surface_state
		(surface_id, state, state_since, state_source, ticket_pending, public_note, maintenance_until, updated_at)
		SELECT ${surfaceId}, ${state}, ${nowIso}, ${source}, coalesce(${ticketPending}, 0), ${publicNote},
			${maintenanceUntil}, ${nowIso}
		WHERE ${writeApplies}
		ON CONFLICT (surface_id) DO UPDATE SET
			state = excluded.state,
			state_since = CASE WHEN surface_state.state = excluded.state
				THEN surface_state.state_since ELSE excluded.state_since END,
			state_source = excluded.state_source,
			ticket_pending = coalesce(${ticketPending}, surface_state.ticket_pending),
			public_note = excluded.public_note,
			maintenance_until = excluded.maintenance_until,
			updated_at = excluded.updated_at`;

	const after = sql`SELECT * FROM surface_state WHERE surface_state.surface_id = ${surfaceId}`;

	// Before the upsert, while writeApplies still reads the row as it was. A surface's first row
	// (seeding) is no change of state.
	const snapshot = (row: {
		state: SQL | string;
		source: SQL | string;
		note: SQL | string | null;
		since: SQL | string;
	}) =>
		sql`json_object('state', ${row.state}, 'source', ${row.source}, 'public_note', ${row.note}, 'state_since', ${row.since})`;
	const event = sql`INSERT INTO notification_events
			(id, type, subject_kind, subject_id, sequence, surface_ids, before, after, occurred_at)
		SELECT ${randomId("evt_")}, 'surface.state_changed', 'surface', ${surfaceId},
			(SELECT coalesce(max(previous.sequence), 0) + 1 FROM notification_events AS previous
				WHERE previous.subject_kind = 'surface' AND previous.subject_id = ${surfaceId}),
			json_array(${surfaceId}),
			${snapshot({ state: sql`s.state`, source: sql`s.state_source`, note: sql`s.public_note`, since: sql`s.state_since` })},
			${snapshot({ state: sql`${state}`, source: sql`${source}`, note: sql`${publicNote}`, since: sql`${nowIso}` })},
			${nowIso}
		FROM surface_state AS s WHERE s.surface_id = ${surfaceId} AND s.state IS NOT ${state} AND ${writeApplies}
		RETURNING id, type`;
	const notify = write.notify !== false;
	return {
		statements: (notify ? [before, audit, event, upsert, after] : [before, audit, upsert, after]).map((query) =>
			statement(db, query),
		),
		read(results) {
			const [beforeResult, auditResult] = results;
			const afterResult = results.at(-1);
			const eventRow = notify ? (results[2]?.results[0] as SettledEvent | undefined) : undefined;
			const beforeRow = beforeResult?.results[0] as (RawSurfaceStateRow & { blocking_hold: Hold | null }) | undefined;
			const afterRow = afterResult?.results[0] as RawSurfaceStateRow | undefined;
			return {
				before: beforeRow ? surfaceStateFromRaw(beforeRow) : null,
				blockingHold: beforeRow?.blocking_hold ?? null,
				changed: (auditResult?.meta.changes ?? 0) > 0,
				after: afterRow ? surfaceStateFromRaw(afterRow) : null,
				event: eventRow ?? null,
			};
		},
	};
}
