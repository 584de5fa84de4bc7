import { runBatch } from "../db/batch-plan";
import { type DeliveryRecord, findDelivery, retryDeliveryPlan } from "../db/notifications/delivery-listings";
import type { Db } from "../db/sql";
import { DomainError } from "../domain/errors";

const alreadyDelivered = () =>
	new DomainError("already_delivered", "This delivery was delivered; there is nothing to send again.");

/**
 * A failed (or pending) delivery made due now, for the next fan-out request to send; its attempts
 * are kept. A delivered one is refused (409). Null: no such delivery.
 */
export async function retryDelivery(db: Db, id: string, actor: string, now: Date): Promise<DeliveryRecord | null> {
	const stored = await findDelivery(db, id);
	if (stored === null) return null;
	if (stored.status === "delivered") throw alreadyDelivered();
	const [retried] = await runBatch(db, retryDeliveryPlan(db, id, { actor, nowIso: now.toISOString() }));
	if (retried) return retried;
	// Delivered, or deleted with its subscriber, since it was read.
	if ((await findDelivery(db, id))?.status === "delivered") throw alreadyDelivered();
	return null;
}
