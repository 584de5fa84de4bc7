import { describe, expect, it } from "vitest";
import { PUBLIC_PATHS } from "../../../src/paths";
import alpacaCalendar from "../../fixtures/market/alpaca-calendar-docs-example.json";
import { call, expectProblem } from "../support/http";

const calendar = (query: string) => call(`${PUBLIC_PATHS.marketCalendar}?${query}`);

describe("GET /api/status/public/widgets/market-calendar", () => {
	it("lists trading days in Alpaca's /v2/calendar shape", async () => {
		const response = await calendar("start=2026-11-23&end=2026-11-30");
		expect(response.status).toBe(200);
		const days = await response.json<Record<string, string>[]>();
		expect(days).toEqual([
			{ date: "2026-11-23", open: "09:30", close: "16:00", session_open: "0400", session_close: "2000" },
			{ date: "2026-11-24", open: "09:30", close: "16:00", session_open: "0400", session_close: "2000" },
			{ date: "2026-11-25", open: "09:30", close: "16:00", session_open: "0400", session_close: "2000" },
			{ date: "2026-11-27", open: "09:30", close: "13:00", session_open: "0400", session_close: "1700" },
			{ date: "2026-11-30", open: "09:30", close: "16:00", session_open: "0400", session_close: "2000" },
		]);
		const alpacaFields = Object.keys(alpacaCalendar[0] ?? {}).filter((field) => field !== "settlement_date");
		for (const day of days) expect(Object.keys(day)).toEqual(alpacaFields);
	});

	it("takes up to 366 days, and counts every trading day of a year", async () => {
		const year = await (await calendar("start=2026-01-01&end=2026-12-31")).json<unknown[]>();
		// 365 days - 104 weekend days - 10 holidays.
		expect(year).toHaveLength(251);
		expect((await calendar("start=2028-01-01&end=2028-12-31")).status).toBe(200);
	});

	it("answers 400 for a bad, reversed or too long range", async () => {
		for (const query of [
			"start=2026-01-01&end=2027-01-02",
			"start=2026-02-30&end=2026-03-01",
			"start=2026-03-10&end=2026-03-01",
			"start=yesterday&end=2026-03-01",
			"start=2026-03-01",
			"",
		]) {
			await expectProblem(await calendar(query), 400, "invalid_query");
		}
	});
});
