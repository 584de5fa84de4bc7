import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import type { MarketTimeAnswer } from "../../../src/http/market/schemas";
import { PUBLIC_PATHS } from "../../../src/paths";
import alpacaClock from "../../fixtures/market/alpaca-clock-examples.json";
import { countingD1 } from "../support/counting-d1";
import { BASE_URL, call, expectProblem } from "../support/http";

async function clockAt(at: string): Promise<{ body: MarketTimeAnswer; cacheControl: string | null }> {
	const response = await call(`${PUBLIC_PATHS.marketTime}?at=${encodeURIComponent(at)}`);
	expect(response.status).toBe(200);
	return { body: await response.json<MarketTimeAnswer>(), cacheControl: response.headers.get("Cache-Control") };
}

describe("GET /api/status/public/widgets/market-time", () => {
	it("matches Alpaca's /v2/clock examples", async () => {
		for (const example of [alpacaClock["open_2022-04-28"], alpacaClock["closed_2024-03-22"]]) {
			const { body } = await clockAt(example.timestamp.replace(/(\.\d{3})\d+/, "$1"));
			expect(body).toMatchObject({
				is_open: example.is_open,
				next_open: example.next_open,
				next_close: example.next_close,
			});
			expect(body.timestamp).toBe(example.timestamp.replace(/(\.\d{3})\d+/, "$1"));
		}
	});

	it("answers now without `at`, with no D1 access", async () => {
		const probe = countingD1(env.DB);
		const response = await createApp().fetch(
			new Request(`${BASE_URL}${PUBLIC_PATHS.marketTime}`),
			{ ...env, DB: probe.db },
			createExecutionContext(),
		);
		const body = await response.json<MarketTimeAnswer>();
		expect(Math.abs(Date.parse(body.timestamp) - Date.now())).toBeLessThan(5_000);
		expect(probe.roundTrips).toBe(0);
		expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
	});

	it("answers 400 for a bad `at`", async () => {
		for (const at of ["yesterday", "2026-13-01T00:00:00Z", "2026-11-26T10:00:00", "1764180000"]) {
			await expectProblem(await call(`${PUBLIC_PATHS.marketTime}?at=${encodeURIComponent(at)}`), 400, "invalid_query");
		}
	});

	it("lets a cache keep the answer until the next session boundary, never longer", async () => {
		const { body, cacheControl } = await clockAt("2026-11-27T12:59:30-05:00");
		expect(cacheControl).toBe("public, max-age=30");
		expect(body.next_change).toBe("2026-11-27T13:00:00-05:00");
		// On a holiday the next change is New York midnight, when "today" turns over.
		const holiday = await clockAt("2026-11-26T23:00:00-05:00");
		expect(holiday.cacheControl).toBe("public, max-age=3600");
	});
});

describe("every boundary, to the second, in both seasons", () => {
	// [instant, session, is_open]
	const cases: [string, string, boolean][] = [];
	const boundaries = (date: string, offset: string, close: string, lateClose: string) => {
		const at = (time: string) => `${date}T${time}${offset}`;
		const secondBefore = (time: string) => {
			const [hours = 0, minutes = 0] = time.split(":").map(Number);
			const total = hours * 60 + minutes - 1;
			return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}:59`;
		};
		cases.push(
			[at("03:59:59"), "closed", false],
			[at("04:00:00"), "pre", false],
			[at("09:29:59"), "pre", false],
			[at("09:30:00"), "regular", true],
			[at(secondBefore(close)), "regular", true],
			[at(`${close}:00`), "post", false],
			[at(secondBefore(lateClose)), "post", false],
			[at(`${lateClose}:00`), "closed", false],
		);
	};
	// The Mondays after the daylight-saving changes of 2026: EDT from 03-08, EST from 11-01.
	boundaries("2026-03-09", "-04:00", "16:00", "20:00");
	boundaries("2026-11-02", "-05:00", "16:00", "20:00");
	// The early close the day after Thanksgiving: 13:00, late session to 17:00.
	boundaries("2026-11-27", "-05:00", "13:00", "17:00");

	for (const [instant, session, isOpen] of cases) {
		it(`${instant} is ${session}`, async () => {
			const { body } = await clockAt(instant);
			expect(body.session).toBe(session);
			expect(body.is_open).toBe(isOpen);
			expect(body.timestamp).toBe(instant.replace(/([+-]\d{2}:\d{2})$/, ".000$1"));
		});
	}

	it("on the daylight-saving Sundays, closed, next opening Monday with the new offset", async () => {
		const spring = await clockAt("2026-03-08T12:00:00-04:00");
		expect(spring.body).toMatchObject({
			session: "closed",
			is_open: false,
			next_open: "2026-03-09T09:30:00-04:00",
			next_close: "2026-03-09T16:00:00-04:00",
		});
		// 01:59:59 EST is the second before clocks spring forward; 03:00 EDT follows it.
		expect((await clockAt("2026-03-08T01:59:59-05:00")).body.timestamp).toBe("2026-03-08T01:59:59.000-05:00");
		expect((await clockAt("2026-03-08T07:00:00Z")).body.timestamp).toBe("2026-03-08T03:00:00.000-04:00");
		// Friday before spring forward: its close is in EST, Monday's open in EDT.
		const friday = await clockAt("2026-03-06T16:30:00-05:00");
		expect(friday.body).toMatchObject({ session: "post", next_open: "2026-03-09T09:30:00-04:00" });

		const fall = await clockAt("2026-11-01T12:00:00-05:00");
		expect(fall.body).toMatchObject({
			next_open: "2026-11-02T09:30:00-05:00",
			next_close: "2026-11-02T16:00:00-05:00",
		});
		expect((await clockAt("2026-11-01T05:59:59Z")).body.timestamp).toBe("2026-11-01T01:59:59.000-04:00");
		expect((await clockAt("2026-11-01T06:00:00Z")).body.timestamp).toBe("2026-11-01T01:00:00.000-05:00");
		const friday2 = await clockAt("2026-10-30T16:00:00-04:00");
		expect(friday2.body).toMatchObject({ session: "post", next_open: "2026-11-02T09:30:00-05:00" });
	});

	it("weekends and holidays: closed, with the day's facts", async () => {
		const saturday = await clockAt("2026-11-28T10:00:00-05:00");
		expect(saturday.body).toMatchObject({
			session: "closed",
			next_open: "2026-11-30T09:30:00-05:00",
			today: { date: "2026-11-28", is_trading_day: false, holiday: null },
		});
		const thanksgiving = await clockAt("2026-11-26T10:00:00-05:00");
		expect(thanksgiving.body).toMatchObject({
			session: "closed",
			next_open: "2026-11-27T09:30:00-05:00",
			next_close: "2026-11-27T13:00:00-05:00",
			today: { is_trading_day: false, holiday: "Thanksgiving Day" },
		});
		const newYearsEve2027 = await clockAt("2027-12-31T15:00:00-05:00");
		expect(newYearsEve2027.body).toMatchObject({ session: "regular", next_close: "2027-12-31T16:00:00-05:00" });
		expect(newYearsEve2027.body.next_open).toBe("2028-01-03T09:30:00-05:00");
		const newYear2022 = await clockAt("2022-01-01T12:00:00-05:00");
		expect(newYear2022.body).toMatchObject({ session: "closed", next_open: "2022-01-03T09:30:00-05:00" });
	});
});

// The clock's consistency at any instant is a property of the rule alone: test/unit/market/market-clock.test.ts.
