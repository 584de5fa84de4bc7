import type { EventType } from "../../domain/notifications/event";
import type { SubscriptionKind } from "../../domain/subscriptions/limits";
import type { BatchPlan } from "../batch-plan";
import { roundTrip } from "../round-trip";
import { type Db, sql, statement } from "../sql";

// Pending self-service subscriptions (subscription_requests): written by a subscribe, read by the
// confirmation's sender, turned into a subscriber by a confirm, deleted by the cron once expired.
// Nothing here logs or returns an address except to the one sender that mails or posts to it.

export interface SubscriptionRequest {
	id: string;
	kind: SubscriptionKind;
	address: string;
	addressHash: string;
	/** null: every surface. */
	surfaceIds: string[] | null;
	secret: string | null;
	expiresAt: string;
	confirmationSentAt: string | null;
	createdAt: string;
}

interface RawRequest {
	id: string;
	kind: SubscriptionKind;
	address: string;
	address_hash: string;
	surface_ids: string | null;
	secret: string | null;
	expires_at: string;
	confirmation_sent_at: string | null;
	created_at: string;
}

const requestFromRaw = (row: RawRequest): SubscriptionRequest => ({
	id: row.id,
	kind: row.kind,
	address: row.address,
	addressHash: row.address_hash,
	surfaceIds: row.surface_ids === null ? null : (JSON.parse(row.surface_ids) as string[]),
	secret: row.secret,
	expiresAt: row.expires_at,
	confirmationSentAt: row.confirmation_sent_at,
	createdAt: row.created_at,
});

export interface NewRequest {
	id: string;
	kind: SubscriptionKind;
	address: string;
	addressHash: string;
	/** The notification_subscribers url the address would have: "already subscribed" matches on it. */
	subscriberUrl: string;
	surfaceIds: readonly string[] | null;
	tokenHash: string;
	secret: string | null;
	expiresAt: string;
}

export interface RequestBounds {
	nowIso: string;
	/** A request of the same address created after this means a confirmation is already on its way. */
	repeatAfterIso: string;
	perAddress: number;
	total: number;
}

/** What a subscribe did: a new request (its confirmation is to be sent), nothing, or nothing as all are full. */
export type RequestOutcome = "created" | "unchanged" | "full";

/**
 * The request, written only if the address is not subscribed, has no request from the last
 * confirmation window, is under its own cap, and the pending requests are under theirs: every
 * condition counted inside the one statement, so concurrent subscribes cannot pass a cap together.
 */
export function createRequestPlan(db: Db, request: NewRequest, bounds: RequestBounds): BatchPlan<RequestOutcome> {
	const totalBefore = sql`SELECT count(*) >= ${bounds.total} AS full FROM subscription_requests`;
	const insert = sql`INSERT INTO subscription_requests
			(id, kind, address, address_hash, surface_ids, token_hash, secret, expires_at, confirmation_sent_at, created_at)
		SELECT ${request.id}, ${request.kind}, ${request.address}, ${request.addressHash},
			${request.surfaceIds === null ? null : JSON.stringify(request.surfaceIds)}, ${request.tokenHash},
			${request.secret}, ${request.expiresAt}, NULL, ${bounds.nowIso}
		WHERE (SELECT count(*) FROM subscription_requests) < ${bounds.total}
			AND (SELECT count(*) FROM subscription_requests WHERE address_hash = ${request.addressHash}) < ${bounds.perAddress}
			AND NOT EXISTS (SELECT 1 FROM subscription_requests
				WHERE address_hash = ${request.addressHash} AND created_at > ${bounds.repeatAfterIso})
			AND NOT EXISTS (SELECT 1 FROM notification_subscribers
				WHERE origin = 'self_service' AND url = ${request.subscriberUrl})
		RETURNING id`;
	return {
		statements: [statement(db, totalBefore), statement(db, insert)],
		read: ([before, inserted]) => {
			if ((inserted?.results.length ?? 0) > 0) return "created";
			return (before?.results[0] as { full: number } | undefined)?.full === 1 ? "full" : "unchanged";
		},
	};
}

export async function findRequest(db: Db, id: string): Promise<SubscriptionRequest | null> {
	const { results } = await roundTrip(() =>
		statement(db, sql`SELECT * FROM subscription_requests WHERE id = ${id}`).all<RawRequest>(),
	);
	const row = results[0];
	return row ? requestFromRaw(row) : null;
}

export async function findRequestByTokenHash(db: Db, tokenHash: string): Promise<SubscriptionRequest | null> {
	const { results } = await roundTrip(() =>
		statement(db, sql`SELECT * FROM subscription_requests WHERE token_hash = ${tokenHash}`).all<RawRequest>(),
	);
	const row = results[0];
	return row ? requestFromRaw(row) : null;
}

/** Whether the address unsubscribed after `sinceIso` (a link sent before then no longer subscribes it). */
export async function suppressedSince(db: Db, addressHash: string, sinceIso: string): Promise<boolean> {
	const { results } = await roundTrip(() =>
		statement(
			db,
			sql`SELECT 1 FROM subscription_suppressions WHERE address_hash = ${addressHash} AND created_at >= ${sinceIso}`,
		).all(),
	);
	return results.length > 0;
}

/** The confirmation left: a redelivered queue message finds it set and sends nothing. */
export async function markConfirmationSent(db: Db, id: string, nowIso: string): Promise<void> {
	await roundTrip(() =>
		statement(
			db,
			sql`UPDATE subscription_requests SET confirmation_sent_at = ${nowIso}
				WHERE id = ${id} AND confirmation_sent_at IS NULL`,
		).run(),
	);
}

export interface ConfirmedSubscriber {
	id: string;
	name: string;
	manageTokenHash: string;
	events: readonly EventType[];
	/** The audit row's words: never the address. */
	detail: string;
}

export interface ConfirmedRow {
	id: string;
	kind: SubscriptionKind;
	secret: string | null;
}

/**
 * The request made a subscriber (origin self_service), with its audit row, the address's suppression
 * cleared and the request deleted, in one batch; nothing when the request is gone or expired, the
 * address unsubscribed after the request was made, or the subscribers are at `cap`. Null: nothing.
 */
export function confirmRequestPlan(
	db: Db,
	requestId: string,
	subscriber: ConfirmedSubscriber,
	write: { nowIso: string; cap: number },
): BatchPlan<ConfirmedRow | null> {
	const insert = sql`INSERT INTO notification_subscribers
			(id, kind, name, url, events, surface_ids, enabled, secret, consecutive_failures, origin, manage_token_hash,
				created_at, updated_at)
		SELECT ${subscriber.id}, r.kind, ${subscriber.name},
			CASE WHEN r.kind = 'email' THEN 'mailto:' || r.address ELSE r.address END,
			${JSON.stringify(subscriber.events)}, r.surface_ids, 1, r.secret, 0, 'self_service', ${subscriber.manageTokenHash},
			${write.nowIso}, ${write.nowIso}
		FROM subscription_requests AS r
		WHERE r.id = ${requestId} AND r.expires_at > ${write.nowIso}
			AND NOT EXISTS (SELECT 1 FROM subscription_suppressions AS s
				WHERE s.address_hash = r.address_hash AND s.created_at >= r.created_at)
			AND (SELECT count(*) FROM notification_subscribers WHERE origin = 'self_service') < ${write.cap}
		RETURNING id, kind, secret`;
	const confirmed = sql`EXISTS (SELECT 1 FROM notification_subscribers WHERE id = ${subscriber.id})`;
	const audit = sql`INSERT INTO notification_audit_log (subscriber_id, actor, action, detail, created_at)
		SELECT ${subscriber.id}, 'self_service', 'created', ${subscriber.detail}, ${write.nowIso} WHERE ${confirmed}`;
	const unsuppress = sql`DELETE FROM subscription_suppressions
		WHERE address_hash = (SELECT address_hash FROM subscription_requests WHERE id = ${requestId}) AND ${confirmed}`;
	const done = sql`DELETE FROM subscription_requests WHERE id = ${requestId} AND ${confirmed}`;
	return {
		statements: [insert, audit, unsuppress, done].map((query) => statement(db, query)),
		read: ([inserted]) => (inserted?.results[0] as ConfirmedRow | undefined) ?? null,
	};
}

/**
 * Deletes up to `limit` requests whose confirm link expired by `nowIso` (oldest first): a statement
 * the outbox's housekeeping batch carries, so the cron spends no round trip of its own on it.
 */
export function expiredRequestsStatement(db: Db, nowIso: string, limit: number): D1PreparedStatement {
	return statement(
		db,
		sql`DELETE FROM subscription_requests WHERE id IN (SELECT id FROM subscription_requests
			INDEXED BY subscription_requests_expires_idx WHERE expires_at <= ${nowIso} ORDER BY expires_at LIMIT ${limit})`,
	);
}
