import { runBatch } from "../../db/batch-plan";
import type { Db } from "../../db/sql";
import {
	changeSurfacesPlan,
	findByManageTokenHash,
	type SelfServiceSubscriber,
	unsubscribePlan,
} from "../../db/subscriptions/self-service";
import { addressOfSubscriberUrl, hashedFormOfAddress } from "../../domain/subscriptions/address";
import { sha256Hex, TOKEN_SHAPE } from "../../lib/subscription-tokens";
import { checkedSurfaces } from "./subscribe";

/** The self-service subscriber a manage token belongs to; null for any other token (nothing written). */
export async function subscriberOfManageToken(db: Db, token: string): Promise<SelfServiceSubscriber | null> {
	if (!TOKEN_SHAPE.test(token)) return null;
	return findByManageTokenHash(db, await sha256Hex(token));
}

/**
 * The subscriber's surfaces changed (none chosen: every surface), unknown surfaces refused with nothing
 * written. Null: the token leads to no subscriber.
 */
export async function changeSubscriptionSurfaces(
	db: Db,
	token: string,
	surfaceIds: readonly string[] | undefined,
	now: Date,
): Promise<SelfServiceSubscriber | null> {
	const surfaces = checkedSurfaces(surfaceIds);
	const subscriber = await subscriberOfManageToken(db, token);
	if (subscriber === null) return null;
	const detail = `surfaces changed through its manage link: ${surfaces === null ? "all surfaces" : surfaces.join(", ")}`;
	const [changed] = await runBatch(
		db,
		changeSurfacesPlan(db, subscriber.id, surfaces, { detail, nowIso: now.toISOString() }),
	);
	return changed ? { ...subscriber, surfaceIds: surfaces } : null;
}

/**
 * The subscriber and its deliveries deleted, its address kept only as a hash on the suppression list.
 * False: the token leads to no subscriber (never was, or already unsubscribed).
 */
export async function unsubscribe(db: Db, token: string, now: Date): Promise<boolean> {
	const subscriber = await subscriberOfManageToken(db, token);
	if (subscriber === null) return false;
	const addressHash = await sha256Hex(hashedFormOfAddress(addressOfSubscriberUrl(subscriber.url)));
	const [removed] = await runBatch(db, unsubscribePlan(db, subscriber.id, addressHash, { nowIso: now.toISOString() }));
	return removed;
}
