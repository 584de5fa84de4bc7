import type { EventType } from "../../domain/notifications/event";
import type { DeliveryStatus } from "../../domain/notifications/outbox";
import type { BatchPlan } from "../batch-plan";
import { roundTrip } from "../round-trip";
import { type Db, type SQL, sql, statement } from "../sql";

// What operators read of deliveries, newest first a page at a time, and the one thing they do to
// one: send it again.

export interface DeliveryRecord {
	id: string;
	eventId: string;
	/** null: its event no longer exists. */
	eventType: EventType | null;
	subscriberId: string;
	status: DeliveryStatus;
	attempts: number;
	lastStatusCode: number | null;
	lastError: string | null;
	nextAttemptAt: string | null;
	createdAt: string;
	deliveredAt: string | null;
}

interface RawDelivery {
	id: string;
	event_id: string;
	event_type: EventType | null;
	subscriber_id: string;
	status: DeliveryStatus;
	attempts: number;
	last_status_code: number | null;
	last_error: string | null;
	next_attempt_at: string | null;
	created_at: string;
	delivered_at: string | null;
}

const deliveryFromRaw = (row: RawDelivery): DeliveryRecord => ({
	id: row.id,
	eventId: row.event_id,
	eventType: row.event_type,
	subscriberId: row.subscriber_id,
	status: row.status,
	attempts: row.attempts,
	lastStatusCode: row.last_status_code,
	lastError: row.last_error,
	nextAttemptAt: row.next_attempt_at,
	createdAt: row.created_at,
	deliveredAt: row.delivered_at,
});

const COLUMNS = sql`d.id, d.event_id, e.type AS event_type, d.subscriber_id, d.status, d.attempts, d.last_status_code,
	d.last_error, d.next_attempt_at, d.created_at, d.delivered_at`;

/** Which deliveries a listing holds: one status, one subscriber's, or all. */
export type DeliveryFilter = { status: DeliveryStatus } | { subscriberId: string } | null;

/**
 * One page of deliveries, newest first (created_at, then id), after the cursor delivery `after`;
 * `limit + 1` rows, to know if more follow. Each filter walks an index of its own in order.
 */
export function deliveryPageQuery(filter: DeliveryFilter, after: string | null, limit: number): SQL {
	const index =
		filter === null
			? sql`notification_deliveries_created_idx`
			: "status" in filter
				? sql`notification_deliveries_status_created_idx`
				: sql`notification_deliveries_subscriber_idx`;
	const conditions: SQL[] = [];
	if (filter !== null && "status" in filter) conditions.push(sql`d.status = ${filter.status}`);
	if (filter !== null && "subscriberId" in filter) conditions.push(sql`d.subscriber_id = ${filter.subscriberId}`);
	if (after !== null) {
		conditions.push(
			sql`(d.created_at, d.id) < (SELECT created_at, id FROM notification_deliveries WHERE id = ${after})`,
		);
	}
	const where = conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`;
	return sql`SELECT ${COLUMNS} FROM notification_deliveries AS d INDEXED BY ${index}
		LEFT JOIN notification_events AS e ON e.id = d.event_id
		${where} ORDER BY d.created_at DESC, d.id DESC LIMIT ${limit + 1}`;
}

export interface DeliveryPage {
	deliveries: DeliveryRecord[];
	more: boolean;
	/** false: the cursor names no delivery (the page is empty). */
	cursorFound: boolean;
}

export async function listDeliveries(
	db: Db,
	filter: DeliveryFilter,
	after: string | null,
	limit: number,
): Promise<DeliveryPage> {
	const cursor = sql`SELECT count(*) AS found FROM notification_deliveries WHERE id = ${after}`;
	const [found, page] = await roundTrip(() =>
		db.batch([statement(db, cursor), statement(db, deliveryPageQuery(filter, after, limit))]),
	);
	const rows = (page?.results ?? []) as RawDelivery[];
	return {
		deliveries: rows.slice(0, limit).map(deliveryFromRaw),
		more: rows.length > limit,
		cursorFound: after === null || (found?.results[0] as { found: number } | undefined)?.found === 1,
	};
}

export async function findDelivery(db: Db, id: string): Promise<DeliveryRecord | null> {
	const { results } = await roundTrip(() =>
		statement(
			db,
			sql`SELECT ${COLUMNS} FROM notification_deliveries AS d
				LEFT JOIN notification_events AS e ON e.id = d.event_id WHERE d.id = ${id}`,
		).all<RawDelivery>(),
	);
	return results[0] ? deliveryFromRaw(results[0]) : null;
}

/**
 * A failed or pending delivery due again now, for the next pump to send (enqueued_at NULL), its
 * attempts kept; an expired lease is cleared, a running one kept (its attempt finishes first).
 * With its audit row; null when the delivery is delivered or gone.
 */
export function retryDeliveryPlan(
	db: Db,
	id: string,
	write: { actor: string; nowIso: string },
): BatchPlan<DeliveryRecord | null> {
	const retryable = sql`SELECT subscriber_id FROM notification_deliveries WHERE id = ${id} AND status IN ('failed', 'pending')`;
	const audit = sql`INSERT INTO notification_audit_log (subscriber_id, actor, action, detail, created_at)
		SELECT subscriber_id, ${write.actor}, 'retried', ${`delivery ${id} sent again`}, ${write.nowIso}
		FROM (${retryable})`;
	const retry = sql`UPDATE notification_deliveries SET status = 'pending', next_attempt_at = ${write.nowIso},
			enqueued_at = NULL,
			lease_until = CASE WHEN lease_until > ${write.nowIso} THEN lease_until END,
			updated_at = ${write.nowIso}
		WHERE id = ${id} AND status IN ('failed', 'pending')
		RETURNING id`;
	const read = sql`SELECT ${COLUMNS} FROM notification_deliveries AS d
		LEFT JOIN notification_events AS e ON e.id = d.event_id WHERE d.id = ${id}`;
	return {
		statements: [audit, retry, read].map((query) => statement(db, query)),
		read: ([, retried, after]) => {
			const row = after?.results[0] as RawDelivery | undefined;
			return row && (retried?.results.length ?? 0) > 0 ? deliveryFromRaw(row) : null;
		},
	};
}
