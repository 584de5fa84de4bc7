import { describe, expect, it } from "vitest";
import { outcomeOfAnswer, outcomeOfNoAnswer } from "../../src/domain/notifications/attempt-outcome";

describe("what a receiver's answer means for a delivery", () => {
	it("only a 2xx delivers", () => {
		for (const status of [200, 201, 202, 204, 299])
			expect(outcomeOfAnswer("webhook", status, "")).toEqual({ kind: "delivered" });
		expect(outcomeOfAnswer("webhook", 199, "").kind).not.toBe("delivered");
	});

	it("throttling, server errors and no answer are tried again", () => {
		for (const status of [408, 425, 429, 500, 502, 503, 504, 520, 599]) {
			expect(outcomeOfAnswer("webhook", status, "").kind, String(status)).toBe("retry");
		}
		expect(outcomeOfNoAnswer("timed out after 15000 ms")).toEqual({
			kind: "retry",
			reason: "timed out after 15000 ms",
		});
	});

	it("410 disables any kind; a redirect or another 4xx fails the delivery alone", () => {
		for (const kind of ["webhook", "statuspage", "slack", "discord", "teams"] as const) {
			expect(outcomeOfAnswer(kind, 410, "").kind).toBe("disable");
		}
		for (const status of [301, 302, 307, 308]) expect(outcomeOfAnswer("webhook", status, "").kind).toBe("failed");
		for (const status of [400, 401, 403, 404, 413, 422])
			expect(outcomeOfAnswer("webhook", status, "").kind).toBe("failed");
	});

	it("Slack's words for a dead webhook disable a Slack subscriber, and nobody else", () => {
		for (const word of ["no_service", "channel_not_found", "channel_is_archived", "action_prohibited"]) {
			expect(outcomeOfAnswer("slack", 404, word)).toEqual({
				kind: "disable",
				reason: `Slack says the webhook is gone (${word})`,
			});
			expect(outcomeOfAnswer("webhook", 404, word).kind).toBe("failed");
		}
		expect(outcomeOfAnswer("slack", 400, "invalid_payload").kind).toBe("failed");
		expect(outcomeOfAnswer("slack", 500, "no_service").kind).toBe("retry");
	});

	it("Discord's unknown webhook (10015) disables a Discord subscriber; its other 404s only fail", () => {
		expect(outcomeOfAnswer("discord", 404, '{"message": "Unknown Webhook", "code": 10015}')).toEqual({
			kind: "disable",
			reason: "Discord says the webhook is unknown (10015)",
		});
		expect(outcomeOfAnswer("discord", 404, '{"message": "Unknown Channel", "code": 10003}').kind).toBe("failed");
		expect(outcomeOfAnswer("discord", 429, '{"retry_after": 1.5, "global": false}').kind).toBe("retry");
	});
});
