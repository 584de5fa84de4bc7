import type { EventType } from "../../domain/notifications/event";
import { DELIVERY_LOG_DAYS, type DeliveryStatus, PRUNED_PER_RUN } from "../../domain/notifications/outbox";
import type { DeliveryKind, SubscriberOrigin } from "../../domain/notifications/subscriber-url";
import { type BatchPlan, runBatch } from "../batch-plan";
import { roundTrip } from "../round-trip";
import { type Db, sql, statement } from "../sql";
import { expiredRequestsStatement } from "../subscriptions/requests";

/** Events fanned out per pass, and delivery messages claimed per pass: each pass is bounded. */
export const EVENTS_PER_FAN_OUT = 20;
export const DELIVERIES_PER_CLAIM = 1_000;

const unfannedEvents = (db: Db) =>
	statement(
		db,
		sql`SELECT id FROM notification_events INDEXED BY notification_events_fan_out_idx
			WHERE fanned_out_at IS NULL AND type IS NOT NULL ORDER BY occurred_at LIMIT ${EVENTS_PER_FAN_OUT}`,
	);

/**
 * Claims deliveries that need a queue message: never sent one, or due for longer than `staleMs`
 * with nothing done (a send() that threw, an isolate that died before its attempt). Claiming
 * stamps enqueued_at, so a racing pass claims others; a claim whose send fails is found stale again.
 */
function claimStatement(db: Db, now: Date, staleMs: number): D1PreparedStatement {
	const nowIso = now.toISOString();
	const staleIso = new Date(now.getTime() - staleMs).toISOString();
	return statement(
		db,
		sql`UPDATE notification_deliveries SET enqueued_at = ${nowIso}
			WHERE id IN (SELECT id FROM notification_deliveries INDEXED BY notification_deliveries_status_next_idx
				WHERE status = 'pending' AND next_attempt_at <= ${nowIso}
					AND (enqueued_at IS NULL OR (enqueued_at <= ${staleIso} AND next_attempt_at <= ${staleIso}))
					AND (lease_until IS NULL OR lease_until <= ${nowIso})
				ORDER BY next_attempt_at LIMIT ${DELIVERIES_PER_CLAIM})
			RETURNING id`,
	);
}

const ids = (result: D1Result | undefined) => ((result?.results ?? []) as { id: string }[]).map((row) => row.id);

/**
 * The delivery log past its days: deliveries that ended, then events fanned out before the cutoff
 * with no pending delivery, except each subject's latest (its `sequence` goes on from it).
 */
function pruneStatements(db: Db, now: Date): D1PreparedStatement[] {
	const cutoff = new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000).toISOString();
	const deliveries = sql`DELETE FROM notification_deliveries WHERE id IN (
		SELECT id FROM notification_deliveries INDEXED BY notification_deliveries_created_idx
		WHERE created_at < ${cutoff} AND status <> 'pending' LIMIT ${PRUNED_PER_RUN})`;
	const events = sql`DELETE FROM notification_events WHERE id IN (
		SELECT e.id FROM notification_events AS e INDEXED BY notification_events_fan_out_idx
		WHERE e.fanned_out_at IS NOT NULL AND e.fanned_out_at < ${cutoff}
			AND NOT EXISTS (SELECT 1 FROM notification_deliveries AS d WHERE d.event_id = e.id AND d.status = 'pending')
			AND e.sequence < (SELECT max(later.sequence) FROM notification_events AS later
				WHERE later.subject_kind = e.subject_kind AND later.subject_id = e.subject_id)
		LIMIT ${PRUNED_PER_RUN})`;
	return [statement(db, deliveries), statement(db, events)];
}

/** Unconfirmed subscription requests deleted per pump, at most: a minute's share of the pending cap. */
export const EXPIRED_REQUESTS_PER_PUMP = 1_000;

/**
 * What the outbox holds to move on, in one round trip: events to fan out, the first claim, the
 * log's oldest rows pruned, and the subscription requests whose link expired deleted.
 */
export async function outboxWork(
	db: Db,
	now: Date,
	staleMs: number,
): Promise<{ events: string[]; claimed: string[]; requestsExpired: number }> {
	const expired = expiredRequestsStatement(db, now.toISOString(), EXPIRED_REQUESTS_PER_PUMP);
	const results = await roundTrip(() =>
		db.batch([unfannedEvents(db), claimStatement(db, now, staleMs), ...pruneStatements(db, now), expired]),
	);
	const [events, claimed] = results;
	return { events: ids(events), claimed: ids(claimed), requestsExpired: results.at(-1)?.meta.changes ?? 0 };
}

/**
 * The deliveries of these events, not fanned out yet: one per enabled subscriber that wants the
 * event's type and (when it names surfaces) one of the event's surfaces, and existed when it
 * happened. INSERT OR IGNORE on UNIQUE(event, subscriber): two passes racing create each delivery
 * once. The events are marked fanned out in the same batch.
 */
export async function fanOut(db: Db, eventIds: readonly string[], nowIso: string): Promise<void> {
	const list = JSON.stringify(eventIds);
	const insert = sql`INSERT OR IGNORE INTO notification_deliveries
			(id, event_id, subscriber_id, status, next_attempt_at, created_at, updated_at)
		SELECT 'msg_' || lower(hex(randomblob(16))), e.id, s.id, 'pending', ${nowIso}, ${nowIso}, ${nowIso}
		FROM notification_events AS e, notification_subscribers AS s
		WHERE e.id IN (SELECT value FROM json_each(${list})) AND e.fanned_out_at IS NULL
			AND s.enabled = 1 AND s.created_at <= e.occurred_at
			AND EXISTS (SELECT 1 FROM json_each(s.events) AS wanted WHERE wanted.value = e.type)
			AND (s.surface_ids IS NULL OR EXISTS (SELECT 1 FROM json_each(s.surface_ids) AS mine,
				json_each(e.surface_ids) AS its WHERE mine.value = its.value))`;
	const mark = sql`UPDATE notification_events SET fanned_out_at = ${nowIso}
		WHERE id IN (SELECT value FROM json_each(${list})) AND fanned_out_at IS NULL`;
	await roundTrip(() => db.batch([statement(db, insert), statement(db, mark)]));
}

/** Fans out the oldest events not fanned out yet (EVENTS_PER_FAN_OUT at most); how many. */
export async function fanOutEvents(db: Db, nowIso: string): Promise<number> {
	const { results } = await roundTrip(() => unfannedEvents(db).all<{ id: string }>());
	if (results.length > 0)
		await fanOut(
			db,
			results.map((row) => row.id),
			nowIso,
		);
	return results.length;
}

export async function claimDeliveriesToEnqueue(db: Db, now: Date, staleMs: number): Promise<string[]> {
	const { results } = await roundTrip(() => claimStatement(db, now, staleMs).all<{ id: string }>());
	return results.map((row) => row.id);
}

/** A delivery with what an attempt needs: its subscriber and its event. */
export interface DeliveryJob {
	id: string;
	status: DeliveryStatus;
	attempts: number;
	nextAttemptAt: string | null;
	leaseUntil: string | null;
	/** Whether this read took the lease: only then may the attempt be made. */
	leased: boolean;
	subscriber: {
		id: string;
		kind: DeliveryKind;
		url: string;
		/** self_service: a person's subscription, whose messages carry its manage link. */
		origin: SubscriberOrigin;
		enabled: boolean;
		secret: string | null;
		previousSecret: string | null;
		previousSecretUntil: string | null;
	} | null;
	event: {
		id: string;
		type: EventType;
		subjectKind: string;
		subjectId: string | null;
		sequence: number;
		after: string | null;
		before: string | null;
		occurredAt: string;
	} | null;
}

interface RawJob {
	id: string;
	status: DeliveryStatus;
	attempts: number;
	next_attempt_at: string | null;
	lease_until: string | null;
	leased: number;
	subscriber_id: string | null;
	kind: DeliveryKind | null;
	url: string | null;
	origin: SubscriberOrigin | null;
	enabled: number | null;
	secret: string | null;
	previous_secret: string | null;
	previous_secret_until: string | null;
	event_id: string | null;
	type: EventType | null;
	subject_kind: string | null;
	subject_id: string | null;
	sequence: number | null;
	after: string | null;
	before: string | null;
	occurred_at: string | null;
}

/**
 * Takes the delivery's lease for `leaseMs` if it is pending, due and not leased, and reads it with
 * its subscriber and event, in one batch. Only the holder of the lease attempts: two messages for
 * one delivery (a redelivery, a re-enqueue) never post at once.
 */
export async function leaseDelivery(
	db: Db,
	deliveryId: string,
	now: Date,
	leaseMs: number,
): Promise<DeliveryJob | null> {
	const nowIso = now.toISOString();
	const leaseIso = new Date(now.getTime() + leaseMs).toISOString();
	const lease = sql`UPDATE notification_deliveries SET lease_until = ${leaseIso}, updated_at = ${nowIso}
		WHERE id = ${deliveryId} AND status = 'pending' AND next_attempt_at <= ${nowIso}
			AND (lease_until IS NULL OR lease_until <= ${nowIso})
		RETURNING id`;
	const read = sql`SELECT d.id, d.status, d.attempts, d.next_attempt_at, d.lease_until,
			d.lease_until = ${leaseIso} AS leased,
			s.id AS subscriber_id, s.kind, s.url, s.origin, s.enabled, s.secret, s.previous_secret, s.previous_secret_until,
			e.id AS event_id, e.type, e.subject_kind, e.subject_id, e.sequence, e.after, e.before, e.occurred_at
		FROM notification_deliveries AS d
		LEFT JOIN notification_subscribers AS s ON s.id = d.subscriber_id
		LEFT JOIN notification_events AS e ON e.id = d.event_id
		WHERE d.id = ${deliveryId}`;
	const [, readResult] = await roundTrip(() => db.batch([statement(db, lease), statement(db, read)]));
	const row = readResult?.results[0] as RawJob | undefined;
	if (!row) return null;
	return {
		id: row.id,
		status: row.status,
		attempts: row.attempts,
		nextAttemptAt: row.next_attempt_at,
		leaseUntil: row.lease_until,
		leased: row.leased === 1,
		subscriber:
			row.subscriber_id === null || row.kind === null || row.url === null
				? null
				: {
						id: row.subscriber_id,
						kind: row.kind,
						url: row.url,
						origin: row.origin ?? "operator",
						enabled: row.enabled === 1,
						secret: row.secret,
						previousSecret: row.previous_secret,
						previousSecretUntil: row.previous_secret_until,
					},
		event:
			row.event_id === null || row.type === null || row.subject_kind === null || row.occurred_at === null
				? null
				: {
						id: row.event_id,
						type: row.type,
						subjectKind: row.subject_kind,
						subjectId: row.subject_id,
						sequence: row.sequence ?? 0,
						after: row.after,
						before: row.before,
						occurredAt: row.occurred_at,
					},
	};
}

/** What an attempt ended in, to record with the delivery. */
export interface AttemptRecord {
	deliveryId: string;
	subscriberId: string;
	/** delivered; pending (another attempt at nextAttemptAt); failed (final). */
	status: DeliveryStatus;
	statusCode: number | null;
	error: string | null;
	nextAttemptAt: string | null;
	/** Set: the subscriber is disabled, for this reason (a dead URL, too many failures in a row). */
	disableReason: string | null;
	nowIso: string;
}

/**
 * Records an attempt, the lease released, in one batch with its subscriber's failure count: a
 * delivery that ends failed adds one, a delivered one resets it; the delivery that brings it to
 * `failuresToDisable` disables the subscriber, as does a dead URL, with an audit row.
 */
export function attemptRecordPlan(db: Db, record: AttemptRecord, failuresToDisable: number): BatchPlan<boolean> {
	const update = sql`UPDATE notification_deliveries SET status = ${record.status}, attempts = attempts + 1,
			last_status_code = ${record.statusCode}, last_error = ${record.error},
			next_attempt_at = ${record.nextAttemptAt}, lease_until = NULL,
			delivered_at = CASE WHEN ${record.status} = 'delivered' THEN ${record.nowIso} ELSE delivered_at END,
			updated_at = ${record.nowIso}
		WHERE id = ${record.deliveryId} AND status = 'pending'
		RETURNING id`;
	// Not updated_at: that is when an operator (or a disabling) last changed the subscriber.
	const failures = sql`UPDATE notification_subscribers SET
			consecutive_failures = CASE ${record.status} WHEN 'delivered' THEN 0 WHEN 'failed' THEN consecutive_failures + 1
				ELSE consecutive_failures END
		WHERE id = ${record.subscriberId} AND ${record.status} <> 'pending'`;
	const reason = sql`coalesce(${record.disableReason},
		CASE WHEN consecutive_failures >= ${failuresToDisable}
			THEN ${`${failuresToDisable} deliveries in a row failed`} END)`;
	const audit = sql`INSERT INTO notification_audit_log (subscriber_id, actor, action, detail, created_at)
		SELECT id, 'deliveries', 'disabled', ${reason}, ${record.nowIso}
		FROM notification_subscribers WHERE id = ${record.subscriberId} AND enabled = 1 AND ${reason} IS NOT NULL`;
	const disable = sql`UPDATE notification_subscribers SET enabled = 0, disabled_reason = ${reason},
			updated_at = ${record.nowIso}
		WHERE id = ${record.subscriberId} AND enabled = 1 AND ${reason} IS NOT NULL`;
	return {
		statements: [update, failures, audit, disable].map((query) => statement(db, query)),
		read: ([updated]) => (updated?.results.length ?? 0) > 0,
	};
}

export async function recordAttempt(db: Db, record: AttemptRecord, failuresToDisable: number): Promise<boolean> {
	const [recorded] = await runBatch(db, attemptRecordPlan(db, record, failuresToDisable));
	return recorded;
}

/** Ends a delivery without an attempt (dead-lettered, its subscriber gone or disabled). */
export async function failDelivery(db: Db, deliveryId: string, error: string, nowIso: string): Promise<void> {
	await roundTrip(() =>
		statement(
			db,
			sql`UPDATE notification_deliveries SET status = 'failed', last_error = ${error}, lease_until = NULL,
					next_attempt_at = NULL, updated_at = ${nowIso}
				WHERE id = ${deliveryId} AND status = 'pending'`,
		).run(),
	);
}
