import type { AttemptOutcome } from "../domain/notifications/attempt-outcome";
import { renderEmail } from "../domain/notifications/bodies/email";
import type { NotificationEvent } from "../domain/notifications/event";
import { plainTextLine } from "../lib/escape/plain-text";
import type { AttemptResult } from "./attempt";
import { type LinkEnv, subscriberLinks } from "./subscriber-links";

// A self-service subscriber's notification through Email Service (the `send_email` binding EMAIL):
// rendered, sent once, and its error classified into the outcomes a webhook's answer has, so the
// consumer's lease, retry schedule, ten-failure disable and dead-letter queue serve it unchanged.
// The address is a secret of its own: no outcome, log line or error kept says it, nor the binding's
// error message (which may quote it); only its code.

/** Email Service's error codes (developers.cloudflare.com/email-service/api/send-emails/workers-api/). */
const ADDRESS_REFUSED: Readonly<Record<string, string>> = {
	E_RECIPIENT_SUPPRESSED: "Email Service refused the address: it is on the suppression list (a bounce or a complaint)",
	E_RECIPIENT_NOT_ALLOWED: "Email Service refused the address: it is not an allowed destination",
};

/** The message itself was refused: another attempt sends the same bytes and fails the same way. */
const MESSAGE_REFUSED = new Set([
	"E_VALIDATION_ERROR",
	"E_FIELD_MISSING",
	"E_TOO_MANY_RECIPIENTS",
	"E_CONTENT_TOO_LARGE",
	"E_HEADER_NOT_ALLOWED",
	"E_HEADER_USE_API_FIELD",
	"E_HEADER_VALUE_INVALID",
	"E_HEADER_VALUE_TOO_LONG",
	"E_HEADER_NAME_INVALID",
	"E_HEADERS_TOO_LARGE",
	"E_HEADERS_TOO_MANY",
]);

/** The local simulation (Miniflare) throws without a code: its refusal of a destination, in its words. */
const SIMULATED_RECIPIENT_REFUSAL = /^email to \S+ not allowed$/;

/** The error's code, when it has one of Email Service's shape (E_ and capitals). */
function codeOf(error: unknown): string | null {
	const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
	return typeof code === "string" && /^E_[A-Z_]{1,60}$/.test(code) ? code : null;
}

/**
 * What a send that threw means for the delivery. The address refused: the subscriber is disabled
 * (as a 410 does). The message refused: this delivery fails. Anything else is retried on the
 * schedule: throttling and daily limits, Email Service's own failures, a failed hand-over, and a
 * sender domain not (yet) verified, which an operator fixes without losing the deliveries meanwhile.
 */
export function outcomeOfSendError(error: unknown): AttemptOutcome {
	const code = codeOf(error);
	if (code === null) {
		const message = error instanceof Error ? error.message : "";
		if (SIMULATED_RECIPIENT_REFUSAL.test(message)) {
			return { kind: "disable", reason: ADDRESS_REFUSED.E_RECIPIENT_NOT_ALLOWED ?? "" };
		}
		return { kind: "retry", reason: "Email Service failed without an error code" };
	}
	const refused = ADDRESS_REFUSED[code];
	if (refused !== undefined) return { kind: "disable", reason: `${refused} (${code})` };
	if (MESSAGE_REFUSED.has(code)) return { kind: "failed", reason: `Email Service refused the message (${code})` };
	return { kind: "retry", reason: `Email Service could not send it now (${code})` };
}

/** The longest address SMTP carries (RFC 5321's path, less its brackets). */
const ADDRESS_MAX = 254;

/** One plain address, nothing a header could read as a second one or a display name. */
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\.]+(\.[^\s@<>,;:"()[\]\\.]+)+$/;

/** The address of a subscriber's `mailto:` URL, or null when it is not one plain address. */
export function addressOf(url: string): string | null {
	if (!url.startsWith("mailto:")) return null;
	const address = url.slice("mailto:".length);
	return address.length <= ADDRESS_MAX && ADDRESS.test(address) ? address : null;
}

export type EmailEnv = LinkEnv & Pick<Env, "EMAIL" | "NOTIFY_EMAIL_FROM">;

/** The sender as inboxes show it: the page's name (one line, nothing a header would parse) and the address. */
function sender(env: EmailEnv, pageName: string): string | EmailAddress {
	const name = plainTextLine(pageName)
		.replace(/["<>\\]/g, "")
		.trim()
		.slice(0, 64);
	return name === "" ? env.NOTIFY_EMAIL_FROM : { name, email: env.NOTIFY_EMAIL_FROM };
}

const result = (outcome: AttemptOutcome): AttemptResult => ({ outcome, statusCode: null, retryAfterSeconds: null });

/** One attempt of an email delivery: rendered from the event, sent once through env.EMAIL. */
export async function sendNotificationEmail(
	env: EmailEnv,
	subscriber: { id: string; url: string },
	event: NotificationEvent,
): Promise<AttemptResult> {
	const to = addressOf(subscriber.url);
	if (to === null) return result({ kind: "disable", reason: "its address is not one valid email address" });
	const email = renderEmail(event, await subscriberLinks(env, subscriber.id));
	try {
		await env.EMAIL.send({ from: sender(env, event.page.name), to, ...email });
		return result({ kind: "delivered" });
	} catch (error) {
		const outcome = outcomeOfSendError(error);
		console.error(
			JSON.stringify({
				event: "notify_email_failed",
				subscriber: subscriber.id,
				code: codeOf(error),
				outcome: outcome.kind,
			}),
		);
		return result(outcome);
	}
}
