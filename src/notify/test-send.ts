import type { SubscriberRecord } from "../db/notifications/subscribers";
import type { AttemptOutcome } from "../domain/notifications/attempt-outcome";
import type { NotificationEvent } from "../domain/notifications/event";
import { SUBSCRIBER_KINDS } from "../domain/notifications/subscriber-url";
import { randomId } from "../lib/random-id";
import { sendEvent } from "./attempt";
import { type NotifyEnv, notifiedPage, POST_TIMEOUT_MS } from "./settings";

export interface TestSendResult {
	delivered: boolean;
	statusCode: number | null;
	/** Why it was not delivered, in words without the URL. */
	error: string | null;
	outcome: AttemptOutcome["kind"];
}

/**
 * An operator's test: a `test` event sent to one subscriber at once, rendered, signed and POSTed as
 * any delivery is, under a message id of its own. Nothing is recorded and nothing is disabled,
 * whatever the receiver answers; a disabled subscriber is sent it too (a test before enabling), an
 * email subscriber never.
 */
export async function sendTestEvent(subscriber: SubscriberRecord, env: NotifyEnv, now: Date): Promise<TestSendResult> {
	// The operator's table holds people's email subscriptions too: an operator never mails one.
	if (!(SUBSCRIBER_KINDS as readonly string[]).includes(subscriber.kind)) {
		return {
			delivered: false,
			statusCode: null,
			error: "a person's email subscription is never sent an operator's test",
			outcome: "failed",
		};
	}
	const event: NotificationEvent = {
		id: randomId("evt_"),
		type: "test",
		occurredAt: now.toISOString(),
		sequence: 0,
		page: notifiedPage(env),
		subject: null,
	};
	const { outcome, statusCode } = await sendEvent(subscriber, randomId("msg_"), event, now, POST_TIMEOUT_MS);
	return {
		delivered: outcome.kind === "delivered",
		statusCode,
		error: outcome.kind === "delivered" ? null : outcome.reason,
		outcome: outcome.kind,
	};
}
