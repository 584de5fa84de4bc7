import {
	claimDeliveriesToEnqueue,
	DELIVERIES_PER_CLAIM,
	EVENTS_PER_FAN_OUT,
	fanOutEvents,
} from "../db/notifications/deliveries";
import { type NotifyMessage, SEND_BATCH_MAX } from "./messages";
import { LOST_MESSAGE_MS, type NotifyEnv } from "./settings";

/** Fan-out passes per pump: 20 events each; what is left waits for the next pump (a minute at most). */
const FAN_OUT_PASSES = 5;

/** Claims per pump, 1,000 deliveries each: an event for 10,000 subscribers is enqueued in one pump. */
const CLAIMS_PER_PUMP = 20;

export interface PumpReport {
	eventsFannedOut: number;
	deliveriesEnqueued: number;
}

/**
 * Moves the outbox on: creates the deliveries of committed events, then sends a queue message for
 * each delivery that needs one (new, or lost: see LOST_MESSAGE_MS). Idempotent and bounded; run
 * by the consumer after a write and by the cron each minute.
 */
export async function pumpOutbox(env: NotifyEnv, now: Date): Promise<PumpReport> {
	const nowIso = now.toISOString();
	let eventsFannedOut = 0;
	for (let pass = 0; pass < FAN_OUT_PASSES; pass += 1) {
		const fanned = await fanOutEvents(env.DB, nowIso);
		eventsFannedOut += fanned;
		if (fanned < EVENTS_PER_FAN_OUT) break;
	}
	const queue = env.NOTIFY_QUEUE as Queue<NotifyMessage>;
	let deliveriesEnqueued = 0;
	for (let claim = 0; claim < CLAIMS_PER_PUMP; claim += 1) {
		const ids = await claimDeliveriesToEnqueue(env.DB, now, LOST_MESSAGE_MS);
		for (let start = 0; start < ids.length; start += SEND_BATCH_MAX) {
			const chunk = ids.slice(start, start + SEND_BATCH_MAX);
			// A failed send leaves its claims to be found lost by a later pump: nothing is dropped.
			await queue.sendBatch(chunk.map((delivery) => ({ body: { kind: "deliver", delivery } })));
		}
		deliveriesEnqueued += ids.length;
		if (ids.length < DELIVERIES_PER_CLAIM) break;
	}
	return { eventsFannedOut, deliveriesEnqueued };
}
