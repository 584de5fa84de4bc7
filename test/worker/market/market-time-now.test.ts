import { env } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketClock } from "../../../src/domain/market/market-clock";
import { answerBeforeRouting } from "../../../src/http/cache/before-routing";
import { PUBLIC_PATHS } from "../../../src/paths";
import { BASE_URL, call } from "../support/http";
import { runs } from "../support/runs";

const MARKET_TIME_PATH = PUBLIC_PATHS.marketTime;

const request = (init?: RequestInit, suffix = "") => new Request(`${BASE_URL}${MARKET_TIME_PATH}${suffix}`, init);

async function answerOf(response: Response | null) {
	if (!response) throw new Error("the market clock was not answered before routing");
	return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/** The routed answer at `time` (the `at` query goes through the router and its validation). */
async function routedAt(time: number) {
	return answerOf(await call(`${MARKET_TIME_PATH}?at=${new Date(time).toISOString()}`));
}

describe("the market clock answered before routing", () => {
	it("is the routed answer, headers included, at any instant of 2026-2028", async () => {
		const start = Date.parse("2026-01-01T00:00:00Z");
		const end = Date.parse("2028-12-31T23:59:59Z");
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: start, max: end }), async (time) => {
				expect(await answerOf(answerBeforeRouting(request(), env, time))).toEqual(await routedAt(time));
			}),
			{ numRuns: runs(300, 20_000) },
		);
	});

	it("moves to the next window at each session edge, and back when asked about an earlier instant", async () => {
		// A week with Thanksgiving and its early close, asked in time order and then backwards.
		const edges: number[] = [];
		for (let at = Date.parse("2026-11-25T04:00:00Z"); at < Date.parse("2026-11-30T04:00:00Z"); ) {
			at = marketClock(new Date(at)).nextChange.getTime();
			edges.push(at - 1, at, at + 999);
		}
		for (const time of [...edges, ...[...edges].reverse()]) {
			expect(await answerOf(answerBeforeRouting(request(), env, time))).toEqual(await routedAt(time));
		}
	});

	it("counts Cache-Control down to the next edge, and answers HEAD without a body", async () => {
		const edge = Date.parse("2026-11-27T18:00:00Z"); // 13:00 New York, the early close
		const soon = await answerOf(answerBeforeRouting(request(), env, edge - 61_500));
		expect(soon.headers["cache-control"]).toBe("public, max-age=61");
		const head = answerBeforeRouting(request({ method: "HEAD" }), env, edge - 1_000);
		expect(head?.headers.get("Cache-Control")).toBe("public, max-age=1");
		expect(await head?.text()).toBe("");
	});

	it("leaves every other request to the router", () => {
		expect(answerBeforeRouting(request(undefined, "?at=2026-11-27T15:00:00Z"), env)).toBeNull();
		expect(answerBeforeRouting(request(undefined, "?"), env)).toBeNull();
		expect(answerBeforeRouting(request({ method: "POST" }), env)).toBeNull();
		expect(answerBeforeRouting(new Request(`${BASE_URL}${MARKET_TIME_PATH}/x`), env)).toBeNull();
		expect(answerBeforeRouting(new Request(`${BASE_URL}${PUBLIC_PATHS.marketCalendar}`), env)).toBeNull();
	});
});
