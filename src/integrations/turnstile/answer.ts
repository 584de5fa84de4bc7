// What Cloudflare Turnstile's siteverify endpoint answered, read without trusting it: only a JSON
// object whose `success` is true lets a subscription through.

import { describeHttpStatus } from "../../lib/fetch-failure";

/** What siteverify said of a token, as the subscribe route acts on it. */
export type SiteverifyVerdict =
	/** A real, unused token of this site's widget. */
	| { outcome: "passed"; hostname: string | null; action: string | null }
	/** The token is not one: missing, forged, expired or used (the visitor's side). */
	| { outcome: "refused"; errorCodes: string[] }
	/** No verdict about the token: the endpoint failed, or refused our secret or request (our side). */
	| { outcome: "unavailable"; reason: string; retryable: boolean };

/** Error codes that say the fault is ours (the secret, the request) or Cloudflare's, not the token's. */
const OUR_SIDE = new Set(["missing-input-secret", "invalid-input-secret", "bad-request"]);
const RETRYABLE = new Set(["internal-error"]);

/** At most this many error codes are kept, each a short lower-case word: they go into log lines. */
const MAX_CODES = 5;
const CODE_SHAPE = /^[a-z0-9-]{1,40}$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === "object" && value !== null && !Array.isArray(value);

const textOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

function errorCodesOf(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	const codes = value.filter((code): code is string => typeof code === "string" && CODE_SHAPE.test(code));
	return codes.slice(0, MAX_CODES);
}

/** The verdict in a siteverify answer: its HTTP status and body text. */
export function readSiteverifyAnswer(status: number, body: string): SiteverifyVerdict {
	if (status !== 200) {
		return { outcome: "unavailable", reason: describeHttpStatus(status), retryable: status >= 500 };
	}
	let answer: unknown;
	try {
		answer = JSON.parse(body);
	} catch {
		return { outcome: "unavailable", reason: "the answer is not JSON", retryable: false };
	}
	if (!isRecord(answer) || typeof answer.success !== "boolean") {
		return { outcome: "unavailable", reason: "the answer has no boolean success", retryable: false };
	}
	if (answer.success) {
		return { outcome: "passed", hostname: textOrNull(answer.hostname), action: textOrNull(answer.action) };
	}
	const errorCodes = errorCodesOf(answer["error-codes"]);
	const ours = errorCodes.filter((code) => OUR_SIDE.has(code) || RETRYABLE.has(code));
	if (ours.length > 0) {
		return {
			outcome: "unavailable",
			reason: `siteverify answered ${ours.join(", ")}`,
			retryable: ours.every((code) => RETRYABLE.has(code)),
		};
	}
	return { outcome: "refused", errorCodes };
}
