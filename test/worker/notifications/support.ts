import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { EventType } from "../../../src/domain/notifications/event";
import type { SubscriberKind } from "../../../src/domain/notifications/subscriber-url";
import { randomId } from "../../../src/lib/random-id";
import { newSecret } from "../../../src/lib/standard-webhooks";
import { type ConsumerOptions, consumeNotifications } from "../../../src/notify/consumer";
import type { NotifyMessage } from "../../../src/notify/messages";
import { type Scripted, scriptedUrl } from "../support/jobs";

export interface SubscriberRowInput {
	kind?: SubscriberKind;
	url: string;
	events?: readonly EventType[];
	surfaceIds?: readonly string[] | null;
	enabled?: boolean;
	secret?: string | null;
	previousSecret?: string | null;
	previousSecretUntil?: string | null;
	consecutiveFailures?: number;
}

/** A subscriber row as the operator API writes it, straight into D1. */
export async function insertSubscriber(input: SubscriberRowInput): Promise<{ id: string; secret: string | null }> {
	const id = randomId("sub_");
	const kind = input.kind ?? "webhook";
	const secret = kind === "webhook" ? (input.secret ?? newSecret()) : null;
	await env.DB.prepare(
		`INSERT INTO notification_subscribers (id, kind, name, url, events, surface_ids, enabled, secret,
			previous_secret, previous_secret_until, consecutive_failures, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')`,
	)
		.bind(
			id,
			kind,
			`test ${kind}`,
			input.url,
			JSON.stringify(input.events ?? ["incident.created", "incident.updated", "incident.resolved"]),
			input.surfaceIds ? JSON.stringify(input.surfaceIds) : null,
			input.enabled === false ? 0 : 1,
			secret,
			input.previousSecret ?? null,
			input.previousSecretUntil ?? null,
			input.consecutiveFailures ?? 0,
		)
		.run();
	return { id, secret };
}

/** A receiver on 127.0.0.1 answering `responses` in turn (the last repeats), recording each POST. */
export const receiver = (responses: Scripted[]) => scriptedUrl(responses);

export interface Received {
	headers: Record<string, string>;
	body: string;
}

/** What the receiver at `url` was sent, oldest first. */
export async function receivedAt(url: string): Promise<Received[]> {
	const key = new URL(url).pathname.split("/").at(-1);
	return (await fetch(`${env.PARTNER_SERVER}/received/${key}`)).json<Received[]>();
}

export interface DeliveryLine {
	id: string;
	event_id: string;
	subscriber_id: string;
	status: string;
	attempts: number;
	last_status_code: number | null;
	last_error: string | null;
	next_attempt_at: string | null;
}

export async function deliveries(): Promise<DeliveryLine[]> {
	const { results } = await env.DB.prepare(
		"SELECT id, event_id, subscriber_id, status, attempts, last_status_code, last_error, next_attempt_at FROM notification_deliveries ORDER BY created_at, id",
	).all<DeliveryLine>();
	return results;
}

/**
 * One queue message for a delivery through the consumer, as Queues would hand it over: its ack or
 * retry, and the delay each retry asked for (the plugin's result does not keep it).
 */
export async function consumeDelivery(
	deliveryId: string,
	options: ConsumerOptions = {},
	attempts = 1,
	workerEnv: Env = env,
) {
	const batch = createMessageBatch<NotifyMessage>("status-notify", [
		{ id: randomId("m"), timestamp: new Date(), attempts, body: { kind: "deliver", delivery: deliveryId } },
	]);
	const retryDelays: (number | undefined)[] = [];
	for (const message of batch.messages) {
		const retry = message.retry.bind(message);
		Object.defineProperty(message, "retry", {
			value: (retryOptions?: QueueRetryOptions) => {
				retryDelays.push(retryOptions?.delaySeconds);
				retry(retryOptions);
			},
		});
	}
	const ctx = createExecutionContext();
	await consumeNotifications(batch, workerEnv, options);
	return { ...(await getQueueResult(batch, ctx)), retryDelays };
}
