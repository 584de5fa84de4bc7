import { failDelivery, leaseDelivery, recordAttempt } from "../db/notifications/deliveries";
import { FAILURES_TO_DISABLE } from "../domain/notifications/outbox";
import { queueHopSeconds, retryDelaySeconds } from "../domain/notifications/retry-schedule";
import { checkSubscriberUrl } from "../domain/notifications/subscriber-url";
import { type AttemptResult, attemptDelivery, isWebhookSubscriber } from "./attempt";
import { type ConfirmationEnv, sendConfirmation } from "./confirmation";
import { type EmailEnv, sendNotificationEmail } from "./email";
import { notificationEventOf } from "./event-of-row";
import { isNotifyMessage, type NotifyMessage } from "./messages";
import { pumpOutbox } from "./pump";
import { ATTEMPT_LEASE_MS, type NotifyEnv, notifiedPage, POST_TIMEOUT_MS, sendingRules } from "./settings";
import { subscriberLinks } from "./subscriber-links";

export interface ConsumerOptions {
	now?: () => Date;
	/** In [0, 1): the retry schedule's jitter. */
	random?: () => number;
	/** A receiver's deadline (POST_TIMEOUT_MS). */
	timeoutMs?: number;
}

const secondsUntil = (iso: string, now: Date) => Math.max(1, Math.ceil((Date.parse(iso) - now.getTime()) / 1000));

/**
 * One delivery message. Only the attempt that holds the delivery's lease posts; a message for a
 * delivery already delivered or failed is acknowledged without a post (at-least-once delivery
 * never becomes a second POST), one that arrives early waits again for the rest of the delay.
 */
async function deliver(
	message: Message<NotifyMessage>,
	deliveryId: string,
	env: EmailEnv,
	options: Required<ConsumerOptions>,
) {
	const now = options.now();
	const job = await leaseDelivery(env.DB, deliveryId, now, ATTEMPT_LEASE_MS);
	if (job === null || job.status !== "pending") return message.ack();
	if (!job.leased) {
		const leasedUntil = job.leaseUntil !== null && job.leaseUntil > now.toISOString() ? job.leaseUntil : null;
		const waitFor = leasedUntil ?? job.nextAttemptAt ?? now.toISOString();
		return message.retry({ delaySeconds: queueHopSeconds(secondsUntil(waitFor, now)) });
	}
	const nowIso = now.toISOString();
	if (job.subscriber === null || job.event === null) {
		await failDelivery(env.DB, job.id, "its subscriber or event no longer exists", nowIso);
		return message.ack();
	}
	if (!job.subscriber.enabled) {
		await failDelivery(env.DB, job.id, "its subscriber is disabled", nowIso);
		return message.ack();
	}
	const subscriber = job.subscriber;
	let attempt: AttemptResult;
	if (isWebhookSubscriber(subscriber)) {
		// The URL was checked when it was given; the rules of this deployment decide again now (a
		// loopback URL from a local run never posts where loopback is not allowed).
		const allowed = checkSubscriberUrl(subscriber.kind, subscriber.url, sendingRules(env));
		if (!allowed.ok) {
			await failDelivery(env.DB, job.id, `its URL is not allowed here: it ${allowed.problem}`, nowIso);
			return message.ack();
		}
		const links = subscriber.origin === "self_service" ? await subscriberLinks(env, subscriber.id) : null;
		attempt = await attemptDelivery(
			subscriber,
			{ id: job.id, event: job.event, links },
			notifiedPage(env),
			now,
			options.timeoutMs,
		);
	} else {
		attempt = await sendNotificationEmail(env, subscriber, notificationEventOf(job.event, notifiedPage(env)));
	}
	const { outcome } = attempt;
	const record = {
		deliveryId: job.id,
		subscriberId: subscriber.id,
		statusCode: attempt.statusCode,
		nowIso,
	};
	if (outcome.kind === "delivered") {
		await recordAttempt(
			env.DB,
			{ ...record, status: "delivered", error: null, nextAttemptAt: null, disableReason: null },
			FAILURES_TO_DISABLE,
		);
		return message.ack();
	}
	if (outcome.kind === "retry") {
		const delay = retryDelaySeconds(job.attempts + 1, attempt.retryAfterSeconds, options.random());
		if (delay !== null) {
			const nextAttemptAt = new Date(now.getTime() + delay * 1000).toISOString();
			await recordAttempt(
				env.DB,
				{ ...record, status: "pending", error: outcome.reason, nextAttemptAt, disableReason: null },
				FAILURES_TO_DISABLE,
			);
			return message.retry({ delaySeconds: queueHopSeconds(delay) });
		}
	}
	const error = outcome.kind === "retry" ? `${outcome.reason}; no attempts left` : outcome.reason;
	const disableReason = outcome.kind === "disable" ? outcome.reason : null;
	await recordAttempt(
		env.DB,
		{ ...record, status: "failed", error, nextAttemptAt: null, disableReason },
		FAILURES_TO_DISABLE,
	);
	return message.ack();
}

/** The notifications queue's consumer: fan-out requests and delivery attempts, each on its own. */
export async function consumeNotifications(
	batch: MessageBatch<unknown>,
	env: ConfirmationEnv & EmailEnv,
	options: ConsumerOptions = {},
): Promise<void> {
	const settings = {
		now: options.now ?? (() => new Date()),
		random: options.random ?? Math.random,
		timeoutMs: options.timeoutMs ?? POST_TIMEOUT_MS,
	};
	let fannedOut = false;
	await Promise.all(
		batch.messages.map(async (message) => {
			const body = message.body;
			if (!isNotifyMessage(body)) {
				console.error(JSON.stringify({ event: "notify_message_unreadable", id: message.id }));
				return message.ack();
			}
			try {
				if (body.kind === "deliver")
					return await deliver(message as Message<NotifyMessage>, body.delivery, env, settings);
				if (body.kind === "confirm")
					return await sendConfirmation(message as Message<NotifyMessage>, body.request, env, settings);
				// One pump serves every fan-out request of the batch.
				if (!fannedOut) {
					fannedOut = true;
					await pumpOutbox(env, settings.now());
				}
				return message.ack();
			} catch (error) {
				// D1 or the queue failed: the message comes back (retry_delay), and after max_retries the dead-letter queue records it.
				console.error(JSON.stringify({ event: "notify_message_failed", kind: body.kind, error: String(error) }));
				return message.retry();
			}
		}),
	);
}

/** The dead-letter queue's consumer: a delivery whose messages kept failing ends failed, said so. */
export async function consumeDeadLetters(
	batch: MessageBatch<unknown>,
	env: NotifyEnv,
	now = new Date(),
): Promise<void> {
	for (const message of batch.messages) {
		const body = message.body;
		if (isNotifyMessage(body) && body.kind === "deliver") {
			await failDelivery(
				env.DB,
				body.delivery,
				"dead-lettered: its queue messages failed too many times",
				now.toISOString(),
			);
			console.error(JSON.stringify({ event: "notify_delivery_dead_lettered", delivery: body.delivery }));
		}
		message.ack();
	}
}
