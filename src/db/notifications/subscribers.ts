import type { EventType } from "../../domain/notifications/event";
import type { SubscriberAuditAction } from "../../domain/notifications/subscriber";
import type { SubscriberKind } from "../../domain/notifications/subscriber-url";
import type { BatchPlan } from "../batch-plan";
import { roundTrip } from "../round-trip";
import { type Db, type SQL, sql, statement } from "../sql";

// The operators' writes of subscribers: each a D1 batch with its notification_audit_log rows,
// written only when the change itself was.

export interface SubscriberRecord {
	id: string;
	kind: SubscriberKind;
	name: string;
	url: string;
	events: EventType[];
	/** null: every surface. */
	surfaceIds: string[] | null;
	enabled: boolean;
	disabledReason: string | null;
	secret: string | null;
	previousSecret: string | null;
	previousSecretUntil: string | null;
	consecutiveFailures: number;
	createdAt: string;
	updatedAt: string;
}

interface RawSubscriber {
	id: string;
	kind: SubscriberKind;
	name: string;
	url: string;
	events: string;
	surface_ids: string | null;
	enabled: number;
	disabled_reason: string | null;
	secret: string | null;
	previous_secret: string | null;
	previous_secret_until: string | null;
	consecutive_failures: number;
	created_at: string;
	updated_at: string;
}

function subscriberFromRaw(row: RawSubscriber): SubscriberRecord {
	return {
		id: row.id,
		kind: row.kind,
		name: row.name,
		url: row.url,
		events: JSON.parse(row.events) as EventType[],
		surfaceIds: row.surface_ids === null ? null : (JSON.parse(row.surface_ids) as string[]),
		enabled: row.enabled === 1,
		disabledReason: row.disabled_reason,
		secret: row.secret,
		previousSecret: row.previous_secret,
		previousSecretUntil: row.previous_secret_until,
		consecutiveFailures: row.consecutive_failures,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
	};
}

const firstSubscriber = (result: D1Result | undefined): SubscriberRecord | null => {
	const row = result?.results[0] as RawSubscriber | undefined;
	return row ? subscriberFromRaw(row) : null;
};

export interface AuditLine {
	action: SubscriberAuditAction;
	/** Never a URL or a secret. */
	detail: string | null;
}

/** An audit row of the subscriber, written only where `when` holds inside the batch. */
export function auditWhen(subscriberId: string, actor: string, line: AuditLine, nowIso: string, when: SQL): SQL {
	return sql`INSERT INTO notification_audit_log (subscriber_id, actor, action, detail, created_at)
		SELECT ${subscriberId}, ${actor}, ${line.action}, ${line.detail}, ${nowIso} WHERE ${when}`;
}

const listOrNull = (list: readonly string[] | null) => (list === null ? null : JSON.stringify(list));

export async function findSubscriber(db: Db, id: string): Promise<SubscriberRecord | null> {
	const result = await roundTrip(() =>
		statement(db, sql`SELECT * FROM notification_subscribers WHERE id = ${id}`).all<RawSubscriber>(),
	);
	return firstSubscriber(result);
}

/** One page of subscribers in id order, after the cursor `after`; `limit + 1` read to know if more follow. */
export function subscriberPageQuery(after: string | null, limit: number): SQL {
	return after === null
		? sql`SELECT * FROM notification_subscribers ORDER BY id LIMIT ${limit + 1}`
		: sql`SELECT * FROM notification_subscribers WHERE id > ${after} ORDER BY id LIMIT ${limit + 1}`;
}

export async function listSubscribers(
	db: Db,
	after: string | null,
	limit: number,
): Promise<{ subscribers: SubscriberRecord[]; more: boolean }> {
	const { results } = await roundTrip(() => statement(db, subscriberPageQuery(after, limit)).all<RawSubscriber>());
	return { subscribers: results.slice(0, limit).map(subscriberFromRaw), more: results.length > limit };
}

export interface NewSubscriber {
	id: string;
	kind: SubscriberKind;
	name: string;
	url: string;
	events: readonly EventType[];
	surfaceIds: readonly string[] | null;
	secret: string | null;
}

/**
 * The new subscriber and its audit row; null when the subscribers are at `cap`. The cap is
 * counted inside the batch, so concurrent creations cannot pass it together.
 */
export function createSubscriberPlan(
	db: Db,
	subscriber: NewSubscriber,
	write: { actor: string; detail: string; nowIso: string; cap: number },
): BatchPlan<SubscriberRecord | null> {
	const insert = sql`INSERT INTO notification_subscribers
			(id, kind, name, url, events, surface_ids, enabled, secret, consecutive_failures, created_at, updated_at)
		SELECT ${subscriber.id}, ${subscriber.kind}, ${subscriber.name}, ${subscriber.url},
			${JSON.stringify(subscriber.events)}, ${listOrNull(subscriber.surfaceIds)}, 1, ${subscriber.secret}, 0,
			${write.nowIso}, ${write.nowIso}
		WHERE (SELECT count(*) FROM notification_subscribers WHERE origin = 'operator') < ${write.cap}
		RETURNING *`;
	const created = sql`EXISTS (SELECT 1 FROM notification_subscribers WHERE id = ${subscriber.id})`;
	const audit = auditWhen(
		subscriber.id,
		write.actor,
		{ action: "created", detail: write.detail },
		write.nowIso,
		created,
	);
	return {
		statements: [statement(db, insert), statement(db, audit)],
		read: ([inserted]) => firstSubscriber(inserted),
	};
}

export interface SubscriberUpdate {
	name: string;
	url: string;
	events: readonly EventType[];
	surfaceIds: readonly string[] | null;
	enabled: boolean;
	disabledReason: string | null;
	/** Enabling: the failures in a row start again from 0. */
	resetFailures: boolean;
}

/**
 * The subscriber's new settings and the audit rows of the change, unless its settings changed
 * since they were read (`seen`): then nothing is written and the result is null. The settings
 * themselves are compared, not a time: two writes in one millisecond share updated_at.
 */
export function updateSubscriberPlan(
	db: Db,
	id: string,
	seen: SubscriberRecord,
	update: SubscriberUpdate,
	write: { actor: string; audit: readonly AuditLine[]; nowIso: string },
): BatchPlan<SubscriberRecord | null> {
	const asRead = sql`id = ${id} AND name = ${seen.name} AND url = ${seen.url}
		AND json(events) = json(${JSON.stringify(seen.events)})
		AND coalesce(json(surface_ids), '') = coalesce(json(${listOrNull(seen.surfaceIds)}), '')
		AND enabled = ${seen.enabled ? 1 : 0} AND disabled_reason IS ${seen.disabledReason}`;
	const unchangedSinceRead = sql`EXISTS (SELECT 1 FROM notification_subscribers WHERE ${asRead})`;
	// The audit rows first, on the update's own condition: in the batch's transaction, they are
	// written exactly when the update is.
	const audit = write.audit.map((line) => auditWhen(id, write.actor, line, write.nowIso, unchangedSinceRead));
	const change = sql`UPDATE notification_subscribers SET name = ${update.name}, url = ${update.url},
			events = ${JSON.stringify(update.events)}, surface_ids = ${listOrNull(update.surfaceIds)},
			enabled = ${update.enabled ? 1 : 0}, disabled_reason = ${update.disabledReason},
			consecutive_failures = CASE WHEN ${update.resetFailures ? 1 : 0} = 1 THEN 0 ELSE consecutive_failures END,
			updated_at = ${write.nowIso}
		WHERE ${asRead}
		RETURNING *`;
	return {
		statements: [...audit, change].map((query) => statement(db, query)),
		read: (results) => firstSubscriber(results.at(-1)),
	};
}

/** The subscriber's secret rotated: the new one signs, and the current one until `previousUntil`. */
export function rotateSecretPlan(
	db: Db,
	id: string,
	rotation: { secret: string; previousUntil: string },
	write: { actor: string; nowIso: string },
): BatchPlan<SubscriberRecord | null> {
	const isWebhook = sql`EXISTS (SELECT 1 FROM notification_subscribers WHERE id = ${id} AND kind = 'webhook')`;
	const detail = `secret rotated; the previous one also signs until ${rotation.previousUntil}`;
	const audit = auditWhen(id, write.actor, { action: "rotated", detail }, write.nowIso, isWebhook);
	const rotate = sql`UPDATE notification_subscribers SET previous_secret = secret,
			previous_secret_until = ${rotation.previousUntil}, secret = ${rotation.secret}, updated_at = ${write.nowIso}
		WHERE id = ${id} AND kind = 'webhook'
		RETURNING *`;
	return {
		statements: [audit, rotate].map((query) => statement(db, query)),
		read: (results) => firstSubscriber(results.at(-1)),
	};
}

/** The subscriber and all its deliveries removed, with its audit row; false when there was none. */
export function deleteSubscriberPlan(
	db: Db,
	id: string,
	write: { actor: string; detail: string; nowIso: string },
): BatchPlan<boolean> {
	const exists = sql`EXISTS (SELECT 1 FROM notification_subscribers WHERE id = ${id})`;
	const audit = auditWhen(id, write.actor, { action: "deleted", detail: write.detail }, write.nowIso, exists);
	const deliveries = sql`DELETE FROM notification_deliveries WHERE subscriber_id = ${id}`;
	const subscriber = sql`DELETE FROM notification_subscribers WHERE id = ${id} RETURNING id`;
	return {
		statements: [audit, deliveries, subscriber].map((query) => statement(db, query)),
		read: (results) => (results.at(-1)?.results.length ?? 0) > 0,
	};
}
