import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { startOfDay } from "../../../src/domain/time-zone";
import {
	addDurations,
	type DayHistory,
	dailyHistory,
	noDurations,
	type StateDurations,
	uptimeOf,
} from "../../../src/domain/uptime/daily-history";
import { zoneDays } from "../../../src/domain/uptime/zone-days";
import { SURFACE_STATES } from "../../../src/domain/vocabulary";
import { bruteForceDays, CLOCK_CHANGE_ANCHORS, STATES } from "../../worker/uptime/brute-force";
import { runs } from "../support/runs";

// The day arithmetic, held against a brute-force model written independently: every second
// of the window, its state looked up afresh and its calendar date read from Intl's own formatting.

const ZONES = ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe"] as const;
const inSeconds = (ms: StateDurations) =>
	Object.fromEntries(Object.entries(ms).map(([state, duration]) => [state, duration / 1000]));
const asSeconds = (days: DayHistory[]) =>
	days.map((day) => ({ date: day.date, seconds: inSeconds(day.ms), worst: day.worst }));

const scenario = fc
	.record({
		zone: fc.constantFrom(...ZONES),
		anchor: fc.constantFrom(...CLOCK_CHANGE_ANCHORS),
		shift: fc.integer({ min: -36 * 3600, max: 36 * 3600 }),
		days: fc.integer({ min: 1, max: 4 }),
		changes: fc.array(
			fc.record({ offset: fc.integer({ min: -2 * 86_400, max: 5 * 86_400 }), state: fc.constantFrom(...STATES) }),
			{ maxLength: 12 },
		),
		midnights: fc.array(fc.constantFrom(...STATES), { maxLength: 3 }),
	})
	.map(({ zone, anchor, shift, days, changes, midnights }) => {
		const to = anchor + shift * 1000;
		const today = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(to);
		const firstDate = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
		const from = startOfDay(zone, firstDate);
		// Changes on whole seconds around the window, and some exactly at a local midnight.
		const atMidnight = midnights.map((state, index) => ({
			at: startOfDay(
				zone,
				new Date(Date.parse(`${firstDate}T00:00:00Z`) + index * 86_400_000).toISOString().slice(0, 10),
			),
			state,
		}));
		const sorted = [...changes.map(({ offset, state }) => ({ at: from + offset * 1000, state })), ...atMidnight]
			.filter((change) => change.at <= to)
			.sort((a, b) => a.at - b.at);
		return { zone, from, to, changes: sorted };
	});

describe("a surface's history split into the page's calendar days", () => {
	it("equals a brute-force count, second by second, in zones with and without clock changes", () => {
		fc.assert(
			fc.property(scenario, ({ zone, from, to, changes }) => {
				const actual = asSeconds(dailyHistory(changes, zoneDays(zone, from, to)));
				const expected = bruteForceDays(zone, changes, from, to);
				expect(actual).toEqual(expected);
			}),
			{ numRuns: runs(40, 400) },
		);
	});

	it("gives a spring-forward day 23 hours and a fall-back day 25, adding up to the second", () => {
		const zone = "America/New_York";
		const days = zoneDays(zone, startOfDay(zone, "2026-03-07"), startOfDay(zone, "2026-03-10"));
		expect(days.map((day) => [day.date, (day.end - day.start) / 3_600_000])).toEqual([
			["2026-03-07", 24],
			["2026-03-08", 23],
			["2026-03-09", 24],
		]);
		const fall = zoneDays(zone, startOfDay(zone, "2026-11-01"), startOfDay(zone, "2026-11-02"));
		expect((fall[0]?.end ?? 0) - (fall[0]?.start ?? 0)).toBe(25 * 3_600_000);
		const [history] = dailyHistory([{ at: 0, state: "OPERATIONAL" }], fall) as [DayHistory];
		expect(history.ms.OPERATIONAL).toBe(25 * 3_600_000);
		expect(uptimeOf(history.ms)).toBe(1);
	});

	it("puts a change at midnight in the day it starts, carries a state in from before the window, ends today at now", () => {
		const zone = "UTC";
		const from = Date.parse("2026-11-20T00:00:00Z");
		const now = Date.parse("2026-11-22T06:00:00Z");
		const history = dailyHistory(
			[
				{ at: Date.parse("2026-11-01T00:00:00Z"), state: "DEGRADED" },
				{ at: Date.parse("2026-11-21T00:00:00Z"), state: "DOWN" },
				{ at: Date.parse("2026-11-21T23:59:59Z"), state: "OPERATIONAL" },
			],
			zoneDays(zone, from, now),
		);
		expect(history.map((day) => [day.date, day.worst])).toEqual([
			["2026-11-20", "DEGRADED"],
			["2026-11-21", "DOWN"],
			["2026-11-22", "OPERATIONAL"],
		]);
		expect(history[1]?.ms.DOWN).toBe(86_399_000);
		expect(history[1]?.ms.OPERATIONAL).toBe(1000);
		expect(history[2]?.ms.OPERATIONAL).toBe(6 * 3_600_000);
	});

	it("counts no data as UNKNOWN, with no worst state and no uptime; weighs a partial outage 0.3", () => {
		const zone = "UTC";
		const day = zoneDays(zone, Date.parse("2026-11-20T00:00:00Z"), Date.parse("2026-11-21T00:00:00Z"));
		const [empty] = dailyHistory([], day) as [DayHistory];
		expect([empty.worst, uptimeOf(empty.ms)]).toEqual([null, null]);
		expect(empty.ms.UNKNOWN).toBe(86_400_000);
		const [maintenance] = dailyHistory([{ at: 0, state: "MAINTENANCE" }], day) as [DayHistory];
		expect([maintenance.worst, uptimeOf(maintenance.ms)]).toEqual(["MAINTENANCE", null]);
		const [mixed] = dailyHistory(
			[
				{ at: Date.parse("2026-11-20T00:00:00Z"), state: "PARTIAL" },
				{ at: Date.parse("2026-11-20T12:00:00Z"), state: "OPERATIONAL" },
			],
			day,
		) as [DayHistory];
		expect(uptimeOf(mixed.ms)).toBeCloseTo(1 - (0.3 * 43_200) / 86_400, 12);
	});

	it("refuses an unbounded window instead of looping", () => {
		expect(() => zoneDays("UTC", Date.parse("2000-01-01T00:00:00Z"), Date.parse("2099-01-01T00:00:00Z"))).toThrow(
			RangeError,
		);
	});
});

describe("durations", () => {
	it("start at zero and add up in every state there is", () => {
		expect(Object.keys(noDurations()).sort()).toEqual([...SURFACE_STATES].sort());
		const one = Object.fromEntries(SURFACE_STATES.map((state, index) => [state, index + 1])) as StateDurations;
		const total = addDurations(addDurations(noDurations(), one), one);
		for (const [index, state] of SURFACE_STATES.entries()) expect(total[state]).toBe(2 * (index + 1));
	});
});
