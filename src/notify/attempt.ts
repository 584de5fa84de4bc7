import type { DeliveryJob } from "../db/notifications/deliveries";
import { type AttemptOutcome, outcomeOfAnswer, outcomeOfNoAnswer } from "../domain/notifications/attempt-outcome";
import { renderBody } from "../domain/notifications/bodies";
import type { SubscriberLinks } from "../domain/notifications/bodies/links";
import type { NotificationEvent, PageSubject } from "../domain/notifications/event";
import { retryAfterSeconds } from "../domain/notifications/retry-schedule";
import { SUBSCRIBER_KINDS, type SubscriberKind } from "../domain/notifications/subscriber-url";
import { signedHeaders } from "../lib/standard-webhooks";
import { notificationEventOf } from "./event-of-row";
import { postOnce } from "./post";

export interface AttemptResult {
	outcome: AttemptOutcome;
	statusCode: number | null;
	/** What the receiver asked for in Retry-After, in seconds. */
	retryAfterSeconds: number | null;
}

type DeliverySubscriber = NonNullable<DeliveryJob["subscriber"]>;

/** A subscriber that is POSTed to: every kind but email. */
export type WebhookSubscriber = Omit<DeliverySubscriber, "origin"> & { kind: SubscriberKind };

export const isWebhookSubscriber = (
	subscriber: DeliverySubscriber,
): subscriber is DeliverySubscriber & { kind: SubscriberKind } =>
	(SUBSCRIBER_KINDS as readonly string[]).includes(subscriber.kind);

/** The secrets that sign now: the current one, and the previous one until its 24 hours are over. */
export function signingSecrets(subscriber: Omit<DeliverySubscriber, "origin">, now: Date): string[] {
	if (subscriber.secret === null) return [];
	const previousValid =
		subscriber.previousSecret !== null &&
		subscriber.previousSecretUntil !== null &&
		subscriber.previousSecretUntil > now.toISOString();
	return previousValid && subscriber.previousSecret
		? [subscriber.secret, subscriber.previousSecret]
		: [subscriber.secret];
}

/**
 * One attempt of a delivery: the body for the subscriber's kind, signed for this attempt (a
 * generic webhook: webhook-id is the delivery's, webhook-timestamp now), one POST.
 */
export function attemptDelivery(
	subscriber: WebhookSubscriber,
	delivery: { id: string; event: NonNullable<DeliveryJob["event"]>; links: SubscriberLinks | null },
	page: PageSubject,
	now: Date,
	timeoutMs: number,
): Promise<AttemptResult> {
	const event = notificationEventOf(delivery.event, page);
	return sendEvent(subscriber, delivery.id, event, now, timeoutMs, delivery.links);
}

/**
 * An event rendered for the subscriber's kind (with a self-service subscriber's links), signed as
 * message `messageId` at `now`, and POSTed once: a delivery's attempt, or an operator's test send
 * (which no delivery row records).
 */
export async function sendEvent(
	subscriber: WebhookSubscriber,
	messageId: string,
	event: NotificationEvent,
	now: Date,
	timeoutMs: number,
	links: SubscriberLinks | null = null,
): Promise<AttemptResult> {
	const body = renderBody(subscriber.kind, event, links);
	const headers: Record<string, string> = {
		"Content-Type": "application/json",
		"User-Agent": "status-d1-notifications/1",
	};
	const secrets = signingSecrets(subscriber, now);
	if (secrets.length > 0) {
		Object.assign(
			headers,
			await signedHeaders(secrets, { id: messageId, timestamp: Math.floor(now.getTime() / 1000), body }),
		);
	}
	const posted = await postOnce(subscriber.url, headers, body, timeoutMs);
	if (!posted.answered) {
		return { outcome: outcomeOfNoAnswer(posted.reason), statusCode: null, retryAfterSeconds: null };
	}
	return {
		outcome: outcomeOfAnswer(subscriber.kind, posted.status, posted.body),
		statusCode: posted.status,
		retryAfterSeconds: retryAfterSeconds(posted.retryAfter, now.getTime()),
	};
}
