/**
 * What the notifications queue carries: ids, never bodies (a body is rendered and signed at each
 * attempt, from D1). fan_out: create and enqueue the deliveries of committed events. confirm: send a
 * subscription request's confirmation (a mail, or a signed verification POST).
 */
export type NotifyMessage =
	| { kind: "fan_out" }
	| { kind: "deliver"; delivery: string }
	| { kind: "confirm"; request: string };

/** Queues' sendBatch takes at most 100 messages. */
export const SEND_BATCH_MAX = 100;

export function isNotifyMessage(body: unknown): body is NotifyMessage {
	if (typeof body !== "object" || body === null) return false;
	const message = body as Record<string, unknown>;
	return (
		message.kind === "fan_out" ||
		(message.kind === "deliver" && typeof message.delivery === "string") ||
		(message.kind === "confirm" && typeof message.request === "string")
	);
}

/**
 * After a write commits: one message asks the consumer to fan its events out, off the request
 * path. A send that fails is only logged: the cron fans out whatever is left each minute.
 */
export async function requestFanOut(queue: Queue<NotifyMessage>): Promise<void> {
	try {
		await queue.send({ kind: "fan_out" });
	} catch (error) {
		console.error(JSON.stringify({ event: "notify_fan_out_send_failed", error: String(error) }));
	}
}
