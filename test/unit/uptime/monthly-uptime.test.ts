import { describe, expect, it } from "vitest";
import { noDurations } from "../../../src/domain/uptime/daily-history";
import { lastMonths, monthlyUptime, monthsUpTo } from "../../../src/domain/uptime/monthly-uptime";

const at = (text: string) => Date.parse(text);
const HOUR = 3_600_000;

describe("the zone's calendar months", () => {
	it("run from local midnight of the 1st, across clock changes and years; the current one to now", () => {
		const now = at("2027-01-10T12:00:00Z");
		expect(lastMonths("America/New_York", 3, now)).toEqual([
			{
				month: "2026-11",
				start: at("2026-11-01T04:00:00Z"),
				end: at("2026-12-01T05:00:00Z"),
				until: at("2026-12-01T05:00:00Z"),
				firstDate: "2026-11-01",
				nextFirstDate: "2026-12-01",
			},
			{
				month: "2026-12",
				start: at("2026-12-01T05:00:00Z"),
				end: at("2027-01-01T05:00:00Z"),
				until: at("2027-01-01T05:00:00Z"),
				firstDate: "2026-12-01",
				nextFirstDate: "2027-01-01",
			},
			{
				month: "2027-01",
				start: at("2027-01-01T05:00:00Z"),
				end: now,
				until: at("2027-02-01T05:00:00Z"),
				firstDate: "2027-01-01",
				nextFirstDate: "2027-02-01",
			},
		]);
		expect(monthsUpTo("UTC", "2026-03", 2, now).map((month) => month.month)).toEqual(["2026-01", "2026-02"]);
		expect(() => lastMonths("UTC", 13, now)).toThrow(RangeError);
		expect(() => lastMonths("UTC", 0, now)).toThrow(RangeError);
	});
});

describe("a surface's month", () => {
	it("adds the rollup's sums and the live changes, and counts the rest of the month as no data", () => {
		const now = at("2026-02-10T00:00:00Z");
		const months = lastMonths("UTC", 2, now);
		// Rolled up to Feb 9 00:00 (192 h), not read until 12:00, then down (live) to now.
		const rolled = { ...noDurations(), OPERATIONAL: 182 * HOUR, PARTIAL: 10 * HOUR };
		const [surface] = monthlyUptime({
			timeZone: "UTC",
			months,
			surfaces: [{ id: "login", name: "Login", group: "Apps" }],
			rolled: [{ surfaceId: "login", month: "2026-02", ms: rolled }],
			rolledThrough: at("2026-02-09T00:00:00Z"),
			liveFrom: at("2026-02-09T12:00:00Z"),
			changes: new Map([["login", [{ at: at("2026-02-09T12:00:00Z"), state: "DOWN" as const }]]]),
		});
		const [january, february] = surface?.months ?? [];
		expect(january).toMatchObject({ month: "2026-01", uptime: null, partialData: true });
		expect(january?.ms.UNKNOWN).toBe(31 * 24 * HOUR);
		expect(february?.ms).toEqual({ ...rolled, DOWN: 12 * HOUR, UNKNOWN: 12 * HOUR });
		expect(february).toMatchObject({ partialData: true, uptime: 1 - (12 + 0.3 * 10) / (182 + 10 + 12) });
	});
});
