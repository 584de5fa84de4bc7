import { describe, expect, it } from "vitest";
import { readSiteverifyAnswer } from "../../src/integrations/turnstile/answer";

const answer = (body: unknown) => readSiteverifyAnswer(200, JSON.stringify(body));

describe("reading siteverify's answer (Turnstile)", () => {
	it("passes only a JSON object whose success is true, keeping its hostname and action", () => {
		expect(
			answer({
				success: true,
				"error-codes": [],
				challenge_ts: "2026-12-03T12:00:00.000Z",
				hostname: "status.raxx.app",
				action: "subscribe",
				cdata: "",
			}),
		).toEqual({ outcome: "passed", hostname: "status.raxx.app", action: "subscribe" });
		expect(answer({ success: true })).toEqual({ outcome: "passed", hostname: null, action: null });
		expect(answer({ success: true, hostname: 7, action: ["x"] })).toEqual({
			outcome: "passed",
			hostname: null,
			action: null,
		});
	});

	it("refuses the token when success is false for the visitor's reasons, keeping short error codes only", () => {
		expect(answer({ success: false, "error-codes": ["timeout-or-duplicate"] })).toEqual({
			outcome: "refused",
			errorCodes: ["timeout-or-duplicate"],
		});
		expect(answer({ success: false, "error-codes": ["invalid-input-response"] })).toEqual({
			outcome: "refused",
			errorCodes: ["invalid-input-response"],
		});
		expect(answer({ success: false })).toEqual({ outcome: "refused", errorCodes: [] });
		// Whatever an answer puts in error-codes ends up in a log line: only short lower-case words, five at most.
		const noisy = answer({
			success: false,
			"error-codes": ["a", "<script>", "x".repeat(41), 3, "b", "c", "d", "e", "f"],
		});
		expect(noisy).toEqual({ outcome: "refused", errorCodes: ["a", "b", "c", "d", "e"] });
	});

	it("says nothing of the token when the fault is the secret, the request or Cloudflare's", () => {
		for (const code of ["missing-input-secret", "invalid-input-secret", "bad-request"]) {
			expect(answer({ success: false, "error-codes": [code] }), code).toEqual({
				outcome: "unavailable",
				reason: `siteverify answered ${code}`,
				retryable: false,
			});
		}
		expect(answer({ success: false, "error-codes": ["internal-error"] })).toEqual({
			outcome: "unavailable",
			reason: "siteverify answered internal-error",
			retryable: true,
		});
	});

	it("has no verdict from an answer that is no siteverify answer: another status, not JSON, no boolean success", () => {
		expect(readSiteverifyAnswer(500, '{"success":true}')).toEqual({
			outcome: "unavailable",
			reason: "HTTP 500",
			retryable: true,
		});
		expect(readSiteverifyAnswer(302, "")).toMatchObject({ outcome: "unavailable", retryable: false });
		expect(readSiteverifyAnswer(429, '{"success":true}')).toMatchObject({ outcome: "unavailable", retryable: false });
		expect(readSiteverifyAnswer(200, "<html>Just a moment...</html>")).toEqual({
			outcome: "unavailable",
			reason: "the answer is not JSON",
			retryable: false,
		});
		for (const body of [null, [], "true", { success: "true" }, { success: 1 }, {}]) {
			expect(answer(body), JSON.stringify(body)).toMatchObject({ outcome: "unavailable", retryable: false });
		}
	});
});
