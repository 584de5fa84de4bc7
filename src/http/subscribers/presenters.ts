import type { DeliveryRecord } from "../../db/notifications/delivery-listings";
import type { SubscriberRecord } from "../../db/notifications/subscribers";
import { maskedUrl } from "../../domain/notifications/subscriber";
import type { TestSendResult } from "../../notify/test-send";

/** A subscriber as answers show it: its URL masked, its secrets left out. */
export function toSubscriberAnswer(subscriber: SubscriberRecord, now: Date) {
	const until = subscriber.previousSecretUntil;
	return {
		id: subscriber.id,
		kind: subscriber.kind,
		name: subscriber.name,
		url: maskedUrl(subscriber.url),
		events: subscriber.events,
		surface_ids: subscriber.surfaceIds,
		enabled: subscriber.enabled,
		disabled_reason: subscriber.disabledReason,
		consecutive_failures: subscriber.consecutiveFailures,
		previous_secret_valid_until: until !== null && until > now.toISOString() ? until : null,
		created_at: subscriber.createdAt,
		updated_at: subscriber.updatedAt,
	};
}

export function toDeliveryAnswer(delivery: DeliveryRecord) {
	return {
		id: delivery.id,
		event_id: delivery.eventId,
		event_type: delivery.eventType,
		subscriber_id: delivery.subscriberId,
		status: delivery.status,
		attempts: delivery.attempts,
		last_status_code: delivery.lastStatusCode,
		last_error: delivery.lastError,
		next_attempt_at: delivery.nextAttemptAt,
		created_at: delivery.createdAt,
		delivered_at: delivery.deliveredAt,
	};
}

export function toTestSendAnswer(result: TestSendResult) {
	return {
		delivered: result.delivered,
		status_code: result.statusCode,
		error: result.error,
		outcome: result.outcome,
	};
}

/** A page's cursor: the last row's id when more rows follow. */
export const nextAfter = (rows: readonly { id: string }[], more: boolean): string | null =>
	more ? (rows.at(-1)?.id ?? null) : null;
