import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { marketClock } from "../../../src/domain/market/market-clock";
import {
	formatNewYork,
	minutesToClock,
	newYorkInstant,
	newYorkWallClock,
} from "../../../src/domain/market/new-york-time";
import { MAX_CALENDAR_DAYS, tradingDays } from "../../../src/domain/market/trading-days";
import alpacaClock from "../../fixtures/market/alpaca-clock-examples.json";
import { runs } from "../support/runs";

// The market clock's rules, called directly: what GET .../widgets/market-time answers
// (test/worker/market covers the route).

const clockAt = (instant: string) => {
	const clock = marketClock(new Date(instant));
	return {
		session: clock.session,
		isOpen: clock.isOpen,
		today: clock.today.date,
		nextOpen: formatNewYork(clock.nextOpen),
		nextClose: formatNewYork(clock.nextClose),
		nextSession: clock.nextSessionDay.date,
		nextChange: formatNewYork(clock.nextChange),
	};
};

describe("marketClock", () => {
	it("matches Alpaca's /v2/clock examples", () => {
		for (const example of [alpacaClock["open_2022-04-28"], alpacaClock["closed_2024-03-22"]]) {
			expect(clockAt(example.timestamp.replace(/(\.\d{3})\d+/, "$1"))).toMatchObject({
				isOpen: example.is_open,
				nextOpen: example.next_open,
				nextClose: example.next_close,
			});
		}
	});

	const second = (time: string, delta: number) => {
		const [h = 0, m = 0, s = 0] = time.split(":").map(Number);
		const total = h * 3600 + m * 60 + s + delta;
		return [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
			.map((n) => String(n).padStart(2, "0"))
			.join(":");
	};
	// Each session edge and the second before it: the Mondays after 2026's clock changes, and the
	// early close after Thanksgiving (13:00, late session to 17:00).
	for (const [date, offset, close, lateClose] of [
		["2026-03-09", "-04:00", "16:00:00", "20:00:00"],
		["2026-11-02", "-05:00", "16:00:00", "20:00:00"],
		["2026-11-27", "-05:00", "13:00:00", "17:00:00"],
	] as const) {
		it(`every edge of ${date}, to the second`, () => {
			const at = (time: string) => `${date}T${time}${offset}`;
			const expected: [string, string, boolean, string][] = [
				["03:59:59", "closed", false, "04:00:00"],
				["04:00:00", "pre", false, "09:30:00"],
				["09:29:59", "pre", false, "09:30:00"],
				["09:30:00", "regular", true, close],
				[second(close, -1), "regular", true, close],
				[close, "post", false, lateClose],
				[second(lateClose, -1), "post", false, lateClose],
				[lateClose, "closed", false, "00:00:00"],
			];
			for (const [time, session, isOpen, change] of expected) {
				const clock = clockAt(at(time));
				expect([time, clock.session, clock.isOpen], at(time)).toEqual([time, session, isOpen]);
				expect(clock.today).toBe(date);
				expect(clock.nextChange.slice(11, 19), at(time)).toBe(change);
				// Before the regular open, today's session is next; from then on, the next trading day's.
				expect(clock.nextSession === date, at(time)).toBe(time < "09:30:00");
				if (isOpen) expect(clock.nextClose).toBe(`${date}T${close}${offset}`);
			}
		});
	}

	it("on the clock-change Sundays: closed, next session Monday in the new offset", () => {
		expect(clockAt("2026-03-08T12:00:00-04:00")).toMatchObject({
			session: "closed",
			isOpen: false,
			nextOpen: "2026-03-09T09:30:00-04:00",
			nextClose: "2026-03-09T16:00:00-04:00",
			nextChange: "2026-03-09T00:00:00-04:00",
		});
		expect(clockAt("2026-03-06T16:30:00-05:00")).toMatchObject({
			session: "post",
			nextOpen: "2026-03-09T09:30:00-04:00",
		});
		expect(clockAt("2026-11-01T12:00:00-05:00")).toMatchObject({
			nextOpen: "2026-11-02T09:30:00-05:00",
			nextClose: "2026-11-02T16:00:00-05:00",
		});
		expect(clockAt("2026-10-30T16:00:00-04:00")).toMatchObject({
			session: "post",
			nextOpen: "2026-11-02T09:30:00-05:00",
		});
	});

	it("weekends and holidays: closed; the next session after them", () => {
		expect(clockAt("2026-11-28T10:00:00-05:00")).toMatchObject({
			session: "closed",
			today: "2026-11-28",
			nextOpen: "2026-11-30T09:30:00-05:00",
			nextChange: "2026-11-29T00:00:00-05:00",
		});
		expect(clockAt("2026-11-26T10:00:00-05:00")).toMatchObject({
			session: "closed",
			nextOpen: "2026-11-27T09:30:00-05:00",
			nextClose: "2026-11-27T13:00:00-05:00",
			nextSession: "2026-11-27",
		});
		expect(clockAt("2027-12-31T15:00:00-05:00")).toMatchObject({
			session: "regular",
			nextClose: "2027-12-31T16:00:00-05:00",
			nextOpen: "2028-01-03T09:30:00-05:00",
		});
		expect(clockAt("2022-01-01T12:00:00-05:00")).toMatchObject({
			session: "closed",
			nextOpen: "2022-01-03T09:30:00-05:00",
		});
	});

	it(
		"is consistent at any instant of 2000-2040",
		() => {
			const start = Date.parse("2000-01-01T00:00:00Z");
			const end = Date.parse("2041-01-01T00:00:00Z");
			fc.assert(
				fc.property(fc.integer({ min: start, max: end }), (time) => {
					const clock = marketClock(new Date(time));
					expect(clock.at.getTime()).toBe(time);
					expect(clock.nextOpen.getTime()).toBeGreaterThan(time);
					expect(clock.isOpen).toBe(clock.session === "regular");
					if (clock.isOpen) {
						expect(clock.nextClose.getTime()).toBeGreaterThan(time);
						expect(clock.nextClose.getTime()).toBeLessThan(clock.nextOpen.getTime());
					} else {
						expect(clock.nextClose.getTime()).toBeGreaterThan(clock.nextOpen.getTime());
					}
					expect(clock.nextChange.getTime()).toBeGreaterThan(time);
					expect(clock.nextChange.getTime() - time).toBeLessThanOrEqual(25 * 3_600_000);
					const justBefore = marketClock(new Date(clock.nextChange.getTime() - 1));
					expect(justBefore.session).toBe(clock.session);
					expect(justBefore.nextOpen.getTime()).toBe(clock.nextOpen.getTime());
					expect(justBefore.today.date).toBe(clock.today.date);
					const atChange = marketClock(clock.nextChange);
					expect([atChange.session, atChange.today.date]).not.toEqual([clock.session, clock.today.date]);
				}),
				{ numRuns: runs(2000, 100_000) },
			);
			// 100,000 runs under stress take about two minutes on two busy cores.
		},
		runs(120_000, 600_000),
	);
});

describe("New York time", () => {
	it("finds the instant of a wall-clock time on either side of a clock change", () => {
		expect(newYorkInstant("2026-03-08", 0).toISOString()).toBe("2026-03-08T05:00:00.000Z");
		expect(newYorkInstant("2026-03-08", 4 * 60).toISOString()).toBe("2026-03-08T08:00:00.000Z");
		expect(newYorkInstant("2026-11-01", 0).toISOString()).toBe("2026-11-01T04:00:00.000Z");
		expect(newYorkInstant("2026-11-01", 4 * 60).toISOString()).toBe("2026-11-01T09:00:00.000Z");
		expect(newYorkInstant("2026-07-01", 9 * 60 + 30).toISOString()).toBe("2026-07-01T13:30:00.000Z");
		expect(newYorkInstant("2026-01-15", 16 * 60).toISOString()).toBe("2026-01-15T21:00:00.000Z");
		// Asked again (memoized): the same instant, a fresh Date.
		const again = newYorkInstant("2026-01-15", 16 * 60);
		again.setTime(0);
		expect(newYorkInstant("2026-01-15", 16 * 60).toISOString()).toBe("2026-01-15T21:00:00.000Z");
	});

	it("reads the date and offset of any instant, across midnights and clock changes", () => {
		const read = (iso: string) => newYorkWallClock(new Date(iso));
		for (const [iso, date, offset] of [
			["2026-03-08T06:59:59.999Z", "2026-03-08", -300],
			["2026-03-08T07:00:00.000Z", "2026-03-08", -240],
			["2026-03-08T12:00:00.000Z", "2026-03-08", -240],
			["2026-03-09T03:59:59.999Z", "2026-03-08", -240],
			["2026-03-09T04:00:00.000Z", "2026-03-09", -240],
			["2026-03-09T12:00:00.000Z", "2026-03-09", -240],
			["2026-03-10T03:59:59.999Z", "2026-03-09", -240],
			["2026-03-10T04:00:00.000Z", "2026-03-10", -240],
			["2026-03-09T12:00:00.000Z", "2026-03-09", -240],
			["2026-11-01T05:59:59.999Z", "2026-11-01", -240],
			["2026-11-01T06:00:00.000Z", "2026-11-01", -300],
			["2026-11-02T04:59:59.999Z", "2026-11-01", -300],
			["2026-11-02T05:00:00.000Z", "2026-11-02", -300],
			["2026-11-02T04:59:59.999Z", "2026-11-01", -300],
		] as const) {
			expect(read(iso), iso).toEqual({ date, offsetMinutes: offset });
		}
	});

	it("writes instants as Alpaca does, with the offset of the moment", () => {
		expect(formatNewYork(new Date("2026-11-27T14:30:00.123Z"))).toBe("2026-11-27T09:30:00-05:00");
		expect(formatNewYork(new Date("2026-11-27T14:30:00.123Z"), { milliseconds: true })).toBe(
			"2026-11-27T09:30:00.123-05:00",
		);
		expect(formatNewYork(new Date("2026-07-01T13:30:00.000Z"))).toBe("2026-07-01T09:30:00-04:00");
		expect(formatNewYork(new Date("2026-07-01T03:05:00.000Z"))).toBe("2026-06-30T23:05:00-04:00");
		expect(minutesToClock(9 * 60 + 5)).toBe("09:05");
		expect(minutesToClock(20 * 60, "")).toBe("2000");
		expect(minutesToClock(0)).toBe("00:00");
	});
});

describe("tradingDays", () => {
	it("lists the trading days of a range, both ends included", () => {
		expect(tradingDays("2026-11-25", "2026-11-30").map((day) => day.date)).toEqual([
			"2026-11-25",
			"2026-11-27",
			"2026-11-30",
		]);
		expect(tradingDays("2026-11-26", "2026-11-26")).toEqual([]);
		expect(tradingDays("2026-11-27", "2026-11-27").map((day) => day.date)).toEqual(["2026-11-27"]);
		expect(tradingDays("2026-01-01", "2026-12-31")).toHaveLength(251);
	});

	it(`refuses a range of more than ${MAX_CALENDAR_DAYS} days, or one that runs backwards`, () => {
		expect(tradingDays("2028-01-01", "2028-12-31").length).toBeGreaterThan(240);
		expect(() => tradingDays("2026-01-01", "2027-01-02")).toThrow(RangeError);
		expect(tradingDays("2026-11-27", "2026-11-26")).toEqual([]);
		expect(() => tradingDays("2026-11-27", "2026-11-25")).toThrow(RangeError);
	});
});
