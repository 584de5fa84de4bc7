import type { SubscriberKind } from "./subscriber-url";

// What a receiver's answer means for a delivery: Standard Webhooks' rules (only 2xx succeeds,
// redirects are not followed, 410 ends the endpoint, throttling and server errors are retried),
// and the chat platforms' own words for a webhook that no longer exists.

export type AttemptOutcome =
	| { kind: "delivered" }
	/** Worth another attempt later: throttled, a server error, no answer. */
	| { kind: "retry"; reason: string }
	/** Final for this delivery; the subscriber stays as it is. */
	| { kind: "failed"; reason: string }
	/** Final, and the subscriber's URL is dead: it is disabled for this reason. */
	| { kind: "disable"; reason: string };

/** Slack's incoming-webhook errors for a URL that will never work again. */
const SLACK_DEAD = /\b(no_service|channel_not_found|channel_is_archived|action_prohibited|no_team|team_disabled)\b/;
/** Discord's "Unknown Webhook" (JSON error code 10015). */
const DISCORD_UNKNOWN_WEBHOOK = /"code"\s*:\s*10015\b/;

export function outcomeOfAnswer(kind: SubscriberKind, status: number, body: string): AttemptOutcome {
	if (status >= 200 && status < 300) return { kind: "delivered" };
	if (status === 410) return { kind: "disable", reason: "the receiver answered 410 Gone" };
	if (kind === "slack" && status >= 400 && status < 500 && SLACK_DEAD.test(body)) {
		return { kind: "disable", reason: `Slack says the webhook is gone (${SLACK_DEAD.exec(body)?.[1]})` };
	}
	if (kind === "discord" && status === 404 && DISCORD_UNKNOWN_WEBHOOK.test(body)) {
		return { kind: "disable", reason: "Discord says the webhook is unknown (10015)" };
	}
	if (status === 429 || status === 408 || status === 425 || status >= 500) {
		return { kind: "retry", reason: `the receiver answered ${status}` };
	}
	if (status >= 300 && status < 400) {
		return { kind: "failed", reason: `the receiver answered ${status}, a redirect, which is not followed` };
	}
	return { kind: "failed", reason: `the receiver answered ${status}` };
}

/** No answer at all (a refused connection, DNS, TLS, the deadline): always worth another attempt. */
export const outcomeOfNoAnswer = (reason: string): AttemptOutcome => ({ kind: "retry", reason });
