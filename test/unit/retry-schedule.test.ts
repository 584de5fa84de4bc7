import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	JITTER,
	MAX_ATTEMPTS,
	MAX_QUEUE_DELAY_SECONDS,
	queueHopSeconds,
	RETRY_DELAYS_SECONDS,
	retryAfterSeconds,
	retryDelaySeconds,
} from "../../src/domain/notifications/retry-schedule";

describe("the retry schedule", () => {
	it("spans at least 72 hours over ten attempts, whatever the jitter", () => {
		expect(MAX_ATTEMPTS).toBe(10);
		fc.assert(
			fc.property(
				fc.array(fc.double({ min: 0, max: 0.999_999, noNaN: true }), { minLength: 9, maxLength: 9 }),
				(randoms) => {
					const waits = randoms.map((random, index) => retryDelaySeconds(index + 1, null, random) as number);
					expect(waits.reduce((sum, wait) => sum + wait, 0)).toBeGreaterThanOrEqual(72 * 3600);
					for (const [index, wait] of waits.entries()) {
						const base = RETRY_DELAYS_SECONDS[index] as number;
						expect(wait - base).toBeGreaterThanOrEqual(0);
						expect(wait - base).toBeLessThanOrEqual(Math.ceil(base * JITTER));
					}
				},
			),
		);
		expect(retryDelaySeconds(MAX_ATTEMPTS, null, 0.5)).toBeNull();
		expect(retryDelaySeconds(0, null, 0.5)).toBeNull();
	});

	it("waits at least what Retry-After asks, up to a day", () => {
		expect(retryDelaySeconds(1, 120, 0)).toBeGreaterThanOrEqual(120);
		expect(retryDelaySeconds(1, 10 * 86_400, 0)).toBe(86_400);
		expect(retryDelaySeconds(5, 1, 0)).toBe(RETRY_DELAYS_SECONDS[4]);
	});

	it("reaches a long wait in queue hops of at most 12 hours", () => {
		expect(queueHopSeconds(20 * 3600)).toBe(MAX_QUEUE_DELAY_SECONDS);
		expect(queueHopSeconds(20 * 3600 - MAX_QUEUE_DELAY_SECONDS)).toBe(8 * 3600);
		expect(queueHopSeconds(-5)).toBe(0);
		fc.assert(fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (wait) => queueHopSeconds(wait) <= 43_200));
	});

	it("reads Retry-After as seconds or an HTTP date, and nothing else", () => {
		const now = Date.parse("2026-12-03T10:00:00Z");
		expect(retryAfterSeconds("120", now)).toBe(120);
		expect(retryAfterSeconds(" 7 ", now)).toBe(7);
		expect(retryAfterSeconds("Thu, 03 Dec 2026 10:02:00 GMT", now)).toBe(120);
		expect(retryAfterSeconds("Thu, 03 Dec 2026 09:00:00 GMT", now)).toBe(0);
		for (const nonsense of [null, "", "-1", "1.5", "soon", "12345678901", "2026-12-03"]) {
			expect(retryAfterSeconds(nonsense, now), String(nonsense)).toBeNull();
		}
	});
});
