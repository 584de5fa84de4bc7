import type { DeliveryKind, SubscriberOrigin } from "../../domain/notifications/subscriber-url";
import type { SubscriptionKind } from "../../domain/subscriptions/limits";
import { roundTrip } from "../round-trip";
import { type Db, sql, statement } from "../sql";

// The operators' reports of subscriptions: counts of subscribers and pending requests, and the
// self-service subscribers a page at a time. Reads only.

export type SubscriptionCountRow =
	| { source: "subscriber"; origin: SubscriberOrigin; kind: DeliveryKind; flag: 0 | 1; n: number }
	| { source: "request"; origin: null; kind: SubscriptionKind; flag: 0 | 1; n: number }
	| { source: "suppression"; origin: null; kind: null; flag: 0; n: number };

/**
 * Subscribers by origin, kind and enabled (flag 1), pending requests by kind and expired (flag 1:
 * past expires_at, waiting for the cron to remove them), and suppressed addresses, in one statement.
 */
export async function countSubscriptions(db: Db, nowIso: string): Promise<SubscriptionCountRow[]> {
	const query = sql`SELECT 'subscriber' AS source, origin, kind, enabled AS flag, count(*) AS n
			FROM notification_subscribers GROUP BY origin, kind, enabled
		UNION ALL
		SELECT 'request' AS source, NULL AS origin, kind, expires_at <= ${nowIso} AS flag, count(*) AS n
			FROM subscription_requests GROUP BY kind, expires_at <= ${nowIso}
		UNION ALL
		SELECT 'suppression' AS source, NULL AS origin, NULL AS kind, 0 AS flag, count(*) AS n
			FROM subscription_suppressions`;
	const { results } = await roundTrip(() => statement(db, query).all<SubscriptionCountRow>());
	return results;
}

export interface SelfServiceSubscriberRow {
	id: string;
	kind: DeliveryKind;
	/** `mailto:` and the address for email, the URL for a webhook. */
	url: string;
	/** JSON list of surface ids; null: every surface. */
	surface_ids: string | null;
	enabled: 0 | 1;
	created_at: string;
}

/** Self-service subscribers in id order after `after` (null: from the first), `limit + 1` read to know if more follow. */
export async function selfServiceSubscriberPage(
	db: Db,
	after: string | null,
	limit: number,
): Promise<{ rows: SelfServiceSubscriberRow[]; more: boolean }> {
	const query = sql`SELECT id, kind, url, surface_ids, enabled, created_at FROM notification_subscribers
		WHERE origin = 'self_service' AND id > ${after ?? ""} ORDER BY id LIMIT ${limit + 1}`;
	const { results } = await roundTrip(() => statement(db, query).all<SelfServiceSubscriberRow>());
	return { rows: results.slice(0, limit), more: results.length > limit };
}
