import type { EventType } from "../../domain/notifications/event";
import type { EventSubjectKind } from "../../domain/notifications/outbox";
import { type BatchPlan, runBatch } from "../batch-plan";
import { type Db, type SQL, sql, statement } from "../sql";

/**
 * The outbox row of one change, written inside the change's own D1 batch around its statements:
 * `draft` first (the subject as it was), then the change, then `settle` (the subject as it is now,
 * and the event's type decided from the two). A change that changed nothing people are told
 * about leaves no row; a batch that fails leaves none either.
 */
export interface OutboxEntry {
	/** evt_ + random, made by the caller. */
	eventId: string;
	subjectKind: Exclude<EventSubjectKind, "test">;
	/** The subject as a JSON object (json_object(...)), or NULL when it does not exist. */
	snapshot: SQL<string | null>;
	/** The subject's id as text (evaluated after the change: a new incident has one only then). */
	subjectId: SQL<string | null>;
	/** JSON array of the surfaces the event concerns. */
	surfaceIds: SQL<string>;
	/**
	 * The event's type from the subject before (`before`, a JSON column) and after (`after`), or
	 * NULL when nothing people are told about changed.
	 */
	typeOf: (before: SQL, after: SQL) => SQL<EventType | null>;
	nowIso: string;
}

export interface SettledEvent {
	id: string;
	type: EventType;
}

/** Runs before the change: the draft row holding the subject before it. */
export function outboxDraftPlan(db: Db, entry: OutboxEntry): BatchPlan<null> {
	const draft = sql`INSERT INTO notification_events (id, subject_kind, before, occurred_at)
		VALUES (${entry.eventId}, ${entry.subjectKind}, ${entry.snapshot}, ${entry.nowIso})`;
	return { statements: [statement(db, draft)], read: () => null };
}

/** Runs after the change: the draft settled into an event, or deleted when it says nothing. */
export function outboxSettlePlan(db: Db, entry: OutboxEntry): BatchPlan<SettledEvent | null> {
	const type = entry.typeOf(sql`notification_events.before`, entry.snapshot);
	const subjectId = entry.subjectId;
	const settle = sql`UPDATE notification_events SET
			type = ${type},
			after = ${entry.snapshot},
			subject_id = ${subjectId},
			surface_ids = ${entry.surfaceIds},
			sequence = (SELECT coalesce(max(previous.sequence), 0) + 1 FROM notification_events AS previous
				WHERE previous.subject_kind = ${entry.subjectKind} AND previous.subject_id = ${subjectId}
					AND previous.type IS NOT NULL)
		WHERE id = ${entry.eventId}
		RETURNING id, type`;
	const dropEmpty = sql`DELETE FROM notification_events WHERE id = ${entry.eventId} AND type IS NULL`;
	return {
		statements: [statement(db, settle), statement(db, dropEmpty)],
		read([settled]) {
			const row = settled?.results[0] as { id: string; type: EventType | null } | undefined;
			return row?.type ? { id: row.id, type: row.type } : null;
		},
	};
}

/** The plans of one entry, to put on either side of the change's own. */
export function outboxPlans(db: Db, entry: OutboxEntry) {
	return { draft: outboxDraftPlan(db, entry), settle: outboxSettlePlan(db, entry) };
}

export type OutboxPlans = ReturnType<typeof outboxPlans>;

/**
 * Runs the plans as one D1 batch between an outbox entry's draft and settle (none: `outbox` null,
 * a `notify: false` write); the first plan's result and the event committed with it.
 */
export async function runBatchWithOutbox<T>(
	db: Db,
	outbox: OutboxPlans | null,
	first: BatchPlan<T>,
	...rest: BatchPlan<unknown>[]
): Promise<{ result: T; event: SettledEvent | null }> {
	if (outbox === null) {
		const [result] = await runBatch(db, first, ...rest);
		return { result, event: null };
	}
	const results = await runBatch(db, outbox.draft, first, ...rest, outbox.settle);
	return { result: results[1] as T, event: results.at(-1) as SettledEvent | null };
}
