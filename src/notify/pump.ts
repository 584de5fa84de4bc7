import {
	claimDeliveriesToEnqueue,
	DELIVERIES_PER_CLAIM,
	EVENTS_PER_FAN_OUT,
	fanOut,
	fanOutEvents,
	outboxWork,
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
	/** Subscription requests whose confirm link expired, deleted. */
	requestsExpired: number;
}

/**
 * Moves the outbox on: creates the deliveries of committed events, then sends a queue message for
 * each delivery that needs one (new, or lost: see LOST_MESSAGE_MS). Idempotent and bounded; run
 * by the consumer after a write and by the cron each minute.
 */
export async function pumpOutbox(env: NotifyEnv, now: Date): Promise<PumpReport> {
	const nowIso = now.toISOString();
	const queue = env.NOTIFY_QUEUE as Queue<NotifyMessage>;
	// Idle (the usual case, each minute): one round trip.
	const first = await outboxWork(env.DB, now, LOST_MESSAGE_MS);
	let eventsFannedOut = first.events.length;
	let deliveriesEnqueued = 0;
	let claimed = first.claimed;
	if (first.events.length > 0) {
		await fanOut(env.DB, first.events, nowIso);
		for (let pass = 1; pass < FAN_OUT_PASSES && eventsFannedOut === pass * EVENTS_PER_FAN_OUT; pass += 1) {
			eventsFannedOut += await fanOutEvents(env.DB, nowIso);
		}
	}
	for (let claim = 0; claim < CLAIMS_PER_PUMP; claim += 1) {
		for (let start = 0; start < claimed.length; start += SEND_BATCH_MAX) {
			const chunk = claimed.slice(start, start + SEND_BATCH_MAX);
			// A failed send leaves its claims to be found lost by a later pump: nothing is dropped.
			await queue.sendBatch(chunk.map((delivery) => ({ body: { kind: "deliver", delivery } })));
		}
		deliveriesEnqueued += claimed.length;
		// The first claim ran before the fan-out: claim again whenever there was one, or it was full.
		if (claimed.length < DELIVERIES_PER_CLAIM && (claim > 0 || first.events.length === 0)) break;
		claimed = await claimDeliveriesToEnqueue(env.DB, now, LOST_MESSAGE_MS);
	}
	return { eventsFannedOut, deliveriesEnqueued, requestsExpired: first.requestsExpired };
}
