import { findRequest, markConfirmationSent, type SubscriptionRequest } from "../db/subscriptions/requests";
import { type AttemptOutcome, outcomeOfAnswer, outcomeOfNoAnswer } from "../domain/notifications/attempt-outcome";
import { queueHopSeconds, retryAfterSeconds, retryDelaySeconds } from "../domain/notifications/retry-schedule";
import { checkSubscriberUrl } from "../domain/notifications/subscriber-url";
import { confirmationMail } from "../domain/subscriptions/confirmation-email";
import { subscriptionUrl } from "../domain/subscriptions/links";
import { signedHeaders } from "../lib/standard-webhooks";
import { confirmToken } from "../lib/subscription-tokens";
import { publicOrigin } from "../public-cache/settings";
import { surfaceName } from "../surfaces/registry";
import type { NotifyMessage } from "./messages";
import { postOnce } from "./post";
import { type NotifyEnv, notifiedPage, sendingRules } from "./settings";

// A subscription request's confirmation, sent off the request path by the notifications queue's
// consumer: a mail through Email Service, or a signed `subscription.verification` POST to the webhook.
// Sent at most once (confirmation_sent_at), retried while its link still works.

export type ConfirmationEnv = NotifyEnv & Pick<Env, "EMAIL" | "NOTIFY_EMAIL_FROM" | "SUBSCRIPTION_LINK_KEY">;

/** The webhook confirmation's event type (Standard Webhooks: dot-delimited). */
export const VERIFICATION_TYPE = "subscription.verification";

async function mailConfirmation(
	request: SubscriptionRequest,
	confirmUrl: string,
	env: ConfirmationEnv,
): Promise<AttemptOutcome> {
	const page = notifiedPage(env);
	const mail = confirmationMail({
		pageName: page.name,
		pageUrl: page.url,
		confirmUrl,
		expiresAt: request.expiresAt,
		surfaceNames: request.surfaceIds === null ? null : request.surfaceIds.map(surfaceName),
	});
	try {
		await env.EMAIL.send({ from: env.NOTIFY_EMAIL_FROM, to: request.address, ...mail });
		return { kind: "delivered" };
	} catch (error) {
		// Email Service's words, never the address.
		return outcomeOfNoAnswer(`Email Service refused or failed: ${error instanceof Error ? error.name : "error"}`);
	}
}

async function postVerification(
	request: SubscriptionRequest,
	confirmUrl: string,
	env: ConfirmationEnv,
	now: Date,
	timeoutMs: number,
): Promise<{ outcome: AttemptOutcome; retryAfter: number | null }> {
	const allowed = checkSubscriberUrl("webhook", request.address, sendingRules(env));
	if (!allowed.ok || request.secret === null) {
		return { outcome: { kind: "failed", reason: "its URL is not allowed here" }, retryAfter: null };
	}
	const timestamp = Math.floor(now.getTime() / 1000);
	const body = JSON.stringify({
		type: VERIFICATION_TYPE,
		timestamp: now.toISOString(),
		// The receiver keeps the secret to verify every later message (and this one) with; only the
		// receiver of this URL gets it, and the confirm page shows it once too.
		data: { confirm_url: confirmUrl, expires_at: request.expiresAt, signing_secret: request.secret },
	});
	const headers = {
		"Content-Type": "application/json",
		"User-Agent": "status-d1-notifications/1",
		...(await signedHeaders([request.secret], { id: request.id, timestamp, body })),
	};
	const posted = await postOnce(allowed.url.href, headers, body, timeoutMs);
	if (!posted.answered) return { outcome: outcomeOfNoAnswer(posted.reason), retryAfter: null };
	return {
		outcome: outcomeOfAnswer("webhook", posted.status, posted.body),
		retryAfter: retryAfterSeconds(posted.retryAfter, now.getTime()),
	};
}

/**
 * One `confirm` message: the request's confirmation sent, unless it was sent already, the request is
 * confirmed or gone, or its link expired (then acknowledged, nothing sent). A failure is retried on the
 * webhooks' schedule while the link still works; a final refusal leaves the request to expire.
 */
export async function sendConfirmation(
	message: Message<NotifyMessage>,
	requestId: string,
	env: ConfirmationEnv,
	options: { now: () => Date; random: () => number; timeoutMs: number },
): Promise<void> {
	const now = options.now();
	const nowIso = now.toISOString();
	const request = await findRequest(env.DB, requestId);
	if (request === null || request.confirmationSentAt !== null || request.expiresAt <= nowIso) return message.ack();
	const confirmUrl = subscriptionUrl(
		publicOrigin(env),
		"confirm",
		await confirmToken(env.SUBSCRIPTION_LINK_KEY, request.id),
	);
	const { outcome, retryAfter } =
		request.kind === "email"
			? { outcome: await mailConfirmation(request, confirmUrl, env), retryAfter: null }
			: await postVerification(request, confirmUrl, env, now, options.timeoutMs);
	if (outcome.kind === "delivered") {
		await markConfirmationSent(env.DB, request.id, nowIso);
		return message.ack();
	}
	const log = {
		event: "subscription_confirmation_failed",
		request: request.id,
		kind: request.kind,
		reason: outcome.reason,
	};
	if (outcome.kind === "retry") {
		const delay = retryDelaySeconds(message.attempts, retryAfter, options.random());
		if (delay !== null && now.getTime() + delay * 1000 < Date.parse(request.expiresAt)) {
			console.warn(JSON.stringify({ ...log, retry_in_seconds: delay }));
			return message.retry({ delaySeconds: queueHopSeconds(delay) });
		}
	}
	console.error(JSON.stringify({ ...log, final: true }));
	return message.ack();
}
