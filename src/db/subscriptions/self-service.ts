import type { BatchPlan } from "../batch-plan";
import { roundTrip } from "../round-trip";
import { type Db, type SQL, sql, statement } from "../sql";

// A self-service subscriber as its manage link reaches it (by the SHA-256 of the link's token): read,
// its surfaces changed, or removed with a suppression entry; each write one batch with its audit row.

export interface SelfServiceSubscriber {
	id: string;
	kind: string;
	url: string;
	/** null: every surface. */
	surfaceIds: string[] | null;
}

interface RawSelfService {
	id: string;
	kind: string;
	url: string;
	surface_ids: string | null;
}

export async function findByManageTokenHash(db: Db, tokenHash: string): Promise<SelfServiceSubscriber | null> {
	const { results } = await roundTrip(() =>
		statement(
			db,
			sql`SELECT id, kind, url, surface_ids FROM notification_subscribers
				WHERE manage_token_hash = ${tokenHash} AND origin = 'self_service'`,
		).all<RawSelfService>(),
	);
	const row = results[0];
	if (!row) return null;
	return {
		id: row.id,
		kind: row.kind,
		url: row.url,
		surfaceIds: row.surface_ids === null ? null : (JSON.parse(row.surface_ids) as string[]),
	};
}

const selfService = (id: string): SQL =>
	sql`EXISTS (SELECT 1 FROM notification_subscribers WHERE id = ${id} AND origin = 'self_service')`;

const audit = (id: string, action: string, detail: string, nowIso: string): SQL =>
	sql`INSERT INTO notification_audit_log (subscriber_id, actor, action, detail, created_at)
		SELECT ${id}, 'self_service', ${action}, ${detail}, ${nowIso} WHERE ${selfService(id)}`;

/** The subscriber's surfaces (null: every surface) and the audit row; false when it is gone. */
export function changeSurfacesPlan(
	db: Db,
	id: string,
	surfaceIds: readonly string[] | null,
	write: { detail: string; nowIso: string },
): BatchPlan<boolean> {
	const change = sql`UPDATE notification_subscribers
		SET surface_ids = ${surfaceIds === null ? null : JSON.stringify(surfaceIds)}, updated_at = ${write.nowIso}
		WHERE id = ${id} AND origin = 'self_service' RETURNING id`;
	return {
		statements: [audit(id, "updated", write.detail, write.nowIso), change].map((query) => statement(db, query)),
		read: (results) => (results.at(-1)?.results.length ?? 0) > 0,
	};
}

/**
 * The subscriber, all its deliveries and everything of its address removed, keeping only the address's
 * hash in the suppression list (a confirm link sent before now will not subscribe it again), with the
 * audit row; false when it was already gone.
 */
export function unsubscribePlan(
	db: Db,
	id: string,
	addressHash: string,
	write: { nowIso: string },
): BatchPlan<boolean> {
	const suppress = sql`INSERT INTO subscription_suppressions (address_hash, created_at)
		SELECT ${addressHash}, ${write.nowIso} WHERE ${selfService(id)}
		ON CONFLICT (address_hash) DO UPDATE SET created_at = excluded.created_at`;
	const deliveries = sql`DELETE FROM notification_deliveries WHERE subscriber_id = ${id} AND ${selfService(id)}`;
	const subscriber = sql`DELETE FROM notification_subscribers WHERE id = ${id} AND origin = 'self_service' RETURNING id`;
	return {
		statements: [
			audit(id, "deleted", "unsubscribed through its link; its data deleted", write.nowIso),
			suppress,
			deliveries,
			subscriber,
		].map((query) => statement(db, query)),
		read: (results) => (results.at(-1)?.results.length ?? 0) > 0,
	};
}
