import type { SubscriberOrigin } from "../../domain/notifications/subscriber-url";
import type { BatchPlan } from "../batch-plan";
import { roundTrip } from "../round-trip";
import { type Db, sql, statement } from "../sql";
import { auditWhen } from "./subscribers";

// Removing a self-service subscriber: its data goes, a hashed suppression entry stays, so that a
// confirmation link replayed later cannot subscribe the address again.

/** What removing a subscriber depends on: who made it, and its URL (a self-service one's address). */
export async function findSubscriberOrigin(
	db: Db,
	id: string,
): Promise<{ origin: SubscriberOrigin; url: string } | null> {
	const row = await roundTrip(() =>
		statement(db, sql`SELECT origin, url FROM notification_subscribers WHERE id = ${id}`).first<{
			origin: SubscriberOrigin;
			url: string;
		}>(),
	);
	return row ?? null;
}

/**
 * The self-service subscriber, all its deliveries and its address's pending requests removed, and
 * its address's suppression entry written (or renewed to now), with its audit row; all only while
 * the row is still the one read (`seenUrl`): false when it is gone or changed, and then nothing is
 * written.
 */
export function deleteSelfServiceSubscriberPlan(
	db: Db,
	id: string,
	address: { seenUrl: string; addressHash: string },
	write: { actor: string; detail: string; nowIso: string },
): BatchPlan<boolean> {
	const asRead = sql`id = ${id} AND origin = 'self_service' AND url = ${address.seenUrl}`;
	const stillAsRead = sql`EXISTS (SELECT 1 FROM notification_subscribers WHERE ${asRead})`;
	const audit = auditWhen(id, write.actor, { action: "deleted", detail: write.detail }, write.nowIso, stillAsRead);
	// WHERE before ON CONFLICT: SQLite reads an INSERT ... SELECT's upsert only after a WHERE clause.
	const suppression = sql`INSERT INTO subscription_suppressions (address_hash, created_at)
		SELECT ${address.addressHash}, ${write.nowIso} WHERE ${stillAsRead}
		ON CONFLICT (address_hash) DO UPDATE SET created_at = excluded.created_at`;
	const requests = sql`DELETE FROM subscription_requests WHERE address_hash = ${address.addressHash} AND ${stillAsRead}`;
	const deliveries = sql`DELETE FROM notification_deliveries WHERE subscriber_id = ${id} AND ${stillAsRead}`;
	const subscriber = sql`DELETE FROM notification_subscribers WHERE ${asRead} RETURNING id`;
	return {
		statements: [audit, suppression, requests, deliveries, subscriber].map((query) => statement(db, query)),
		read: (results) => (results.at(-1)?.results.length ?? 0) > 0,
	};
}
