// One verification of a Turnstile token against siteverify: a form-encoded POST within one deadline,
// an answer read no further than a few kilobytes, and one retry (same idempotency key, so Cloudflare
// counts the token once) when the endpoint itself failed fast.

import { boundedText } from "../../lib/bounded-text";
import { describeFetchFailure } from "../../lib/fetch-failure";
import { readSiteverifyAnswer, type SiteverifyVerdict } from "./answer";

export type { SiteverifyVerdict } from "./answer";

/** Cloudflare's endpoint, when TURNSTILE_VERIFY_URL is empty. */
export const DEFAULT_SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The whole verification, retry included, ends within this: a visitor is waiting. */
export const SITEVERIFY_DEADLINE_MS = 3000;

/** A siteverify answer is a few hundred bytes. */
export const MAX_SITEVERIFY_ANSWER_BYTES = 8 * 1024;

/** Turnstile's tokens are at most this long; a longer one is refused without asking. */
export const MAX_TURNSTILE_TOKEN_LENGTH = 2048;

export interface SiteverifyRequest {
	url: string;
	secret: string;
	token: string;
	/** The visitor's IP (CF-Connecting-IP), when known. */
	remoteIp: string | null;
}

async function attempt(request: SiteverifyRequest, idempotencyKey: string, signal: AbortSignal) {
	const form = new URLSearchParams({ secret: request.secret, response: request.token });
	if (request.remoteIp) form.set("remoteip", request.remoteIp);
	form.set("idempotency_key", idempotencyKey);
	try {
		const response = await fetch(
			new Request(request.url, {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
				body: form.toString(),
				redirect: "manual",
				signal,
			}),
		);
		const body = await boundedText(response, MAX_SITEVERIFY_ANSWER_BYTES);
		if (body === null) {
			return unavailable(`answer larger than ${MAX_SITEVERIFY_ANSWER_BYTES} bytes`, false);
		}
		return readSiteverifyAnswer(response.status, body);
	} catch (error) {
		// A timeout is not tried again: the deadline covers both tries.
		return unavailable(describeFetchFailure(error, request.url, SITEVERIFY_DEADLINE_MS), !signal.aborted);
	}
}

const unavailable = (reason: string, retryable: boolean): SiteverifyVerdict => ({
	outcome: "unavailable",
	reason,
	retryable,
});

/** What siteverify says of `request.token`; never throws, and never puts the token or secret in a reason. */
export async function verifyTurnstileToken(request: SiteverifyRequest): Promise<SiteverifyVerdict> {
	if (request.token.length > MAX_TURNSTILE_TOKEN_LENGTH) {
		return { outcome: "refused", errorCodes: ["invalid-input-response"] };
	}
	const signal = AbortSignal.timeout(SITEVERIFY_DEADLINE_MS);
	const idempotencyKey = crypto.randomUUID();
	const first = await attempt(request, idempotencyKey, signal);
	const again = first.outcome === "unavailable" && first.retryable && !signal.aborted;
	return again ? attempt(request, idempotencyKey, signal) : first;
}
