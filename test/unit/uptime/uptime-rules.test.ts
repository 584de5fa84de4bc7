import { describe, expect, it } from "vitest";
import { isKnownTimeZone, localDateAt, startOfDay, zoneWallClock } from "../../../src/domain/time-zone";
import {
	addDurations,
	dayWithoutData,
	noDurations,
	PARTIAL_OUTAGE_WEIGHT,
	type StateDurations,
	uptimeOf,
} from "../../../src/domain/uptime/daily-history";
import { joinDayParts } from "../../../src/domain/uptime/day-parts";
import {
	FOLD_DAYS_PER_CYCLE,
	FOLD_GRACE_MS,
	FOLD_STEP_MS,
	foldTarget,
	spansToFold,
} from "../../../src/domain/uptime/fold-plan";
import { historyReport, INCIDENTS_PER_DAY } from "../../../src/domain/uptime/history-report";
import { historyWindow, MAX_HISTORY_DAYS } from "../../../src/domain/uptime/history-window";
import { DEFAULT_PAGE_TIME_ZONE, pageTimeZone } from "../../../src/domain/uptime/page-time-zone";
import { calendarDays, MAX_ZONE_DAYS, zoneDays } from "../../../src/domain/uptime/zone-days";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const utc = (iso: string) => Date.parse(iso);
const durations = (parts: Partial<StateDurations>): StateDurations => ({ ...noDurations(), ...parts });

describe("uptime arithmetic", () => {
	it("uptime = 1 - (DOWN + 0.3 PARTIAL) / (time known and not in maintenance)", () => {
		expect(PARTIAL_OUTAGE_WEIGHT).toBe(0.3);
		expect(uptimeOf(durations({ OPERATIONAL: 900, DOWN: 100 }))).toBe(0.9);
		expect(uptimeOf(durations({ OPERATIONAL: 500, PARTIAL: 500 }))).toBeCloseTo(0.85, 12);
		expect(uptimeOf(durations({ DEGRADED: 1000 }))).toBe(1);
		expect(uptimeOf(durations({ DOWN: 1000, MAINTENANCE: 5000, UNKNOWN: 5000 }))).toBe(0);
		expect(uptimeOf(durations({ OPERATIONAL: 600, DEGRADED: 200, PARTIAL: 100, DOWN: 100 }))).toBeCloseTo(
			1 - (100 + 30) / 1000,
			12,
		);
		expect(uptimeOf(durations({ MAINTENANCE: 10, UNKNOWN: 10 }))).toBeNull();
		expect(uptimeOf(noDurations())).toBeNull();
	});

	it("adds durations state by state, into the first", () => {
		const total = durations({ OPERATIONAL: 1, DOWN: 2 });
		const sum = addDurations(total, durations({ OPERATIONAL: 10, UNKNOWN: 5, MAINTENANCE: 7 }));
		expect(sum).toBe(total);
		expect(sum).toEqual(durations({ OPERATIONAL: 11, DOWN: 2, UNKNOWN: 5, MAINTENANCE: 7 }));
		expect(Object.values(noDurations())).toEqual([0, 0, 0, 0, 0, 0]);
	});

	it("a day without data is UNKNOWN throughout, with no worst state", () => {
		expect(dayWithoutData({ date: "2026-11-20", start: 1000, end: 4000 })).toEqual({
			date: "2026-11-20",
			ms: durations({ UNKNOWN: 3000 }),
			worst: null,
		});
	});

	it("joins two parts of a day: times add up, the worse state stands", () => {
		const joined = joinDayParts(
			{ date: "2026-11-20", ms: durations({ OPERATIONAL: 10, PARTIAL: 5 }), worst: "PARTIAL" },
			{ date: "2026-11-20", ms: durations({ OPERATIONAL: 7, DEGRADED: 3 }), worst: "DEGRADED" },
		);
		expect(joined).toEqual({
			date: "2026-11-20",
			ms: durations({ OPERATIONAL: 17, PARTIAL: 5, DEGRADED: 3 }),
			worst: "PARTIAL",
		});
		const later = joinDayParts(
			{ date: "d", ms: durations({ UNKNOWN: 4 }), worst: null },
			{ date: "d", ms: durations({ DOWN: 1 }), worst: "DOWN" },
		);
		expect(later.worst).toBe("DOWN");
		expect(
			joinDayParts({ date: "d", ms: noDurations(), worst: null }, { date: "d", ms: noDurations(), worst: null }).worst,
		).toBeNull();
	});
});

describe("a zone's calendar days", () => {
	it("cuts days at the zone's midnights, 23 and 25 hours across clock changes, today to now", () => {
		const days = zoneDays("America/New_York", utc("2026-03-07T12:00:00Z"), utc("2026-03-09T12:00:00Z"));
		expect(days.map((day) => [day.date, (day.end - day.start) / HOUR])).toEqual([
			["2026-03-07", 17],
			["2026-03-08", 23],
			["2026-03-09", 8],
		]);
		expect(days[0]?.start).toBe(utc("2026-03-07T12:00:00Z"));
		expect(days[2]?.end).toBe(utc("2026-03-09T12:00:00Z"));
		const fall = calendarDays("America/New_York", "2026-10-31", 3, utc("2026-11-02T10:00:00Z"));
		expect(fall.map((day) => [day.date, (day.end - day.start) / HOUR])).toEqual([
			["2026-10-31", 24],
			["2026-11-01", 25],
			["2026-11-02", 5],
		]);
		expect(zoneDays("UTC", 5, 5)).toEqual([]);
	});

	it("keeps a day that starts at `to`, empty; refuses windows of no days or too many", () => {
		const to = utc("2026-11-21T00:00:00Z");
		expect(calendarDays("UTC", "2026-11-20", 2, to)).toEqual([
			{ date: "2026-11-20", start: utc("2026-11-20T00:00:00Z"), end: to },
			{ date: "2026-11-21", start: to, end: to },
		]);
		expect(calendarDays("UTC", "2026-11-25", 1, to)).toEqual([{ date: "2026-11-25", start: to, end: to }]);
		for (const count of [0, -1, 1.5, MAX_ZONE_DAYS + 1])
			expect(() => calendarDays("UTC", "2026-11-20", count, to)).toThrow(RangeError);
		expect(calendarDays("UTC", "2025-01-01", MAX_ZONE_DAYS, utc("2030-01-01T00:00:00Z"))).toHaveLength(MAX_ZONE_DAYS);
		expect(() => zoneDays("UTC", 0, (MAX_ZONE_DAYS + 1) * DAY)).toThrow(RangeError);
		expect(zoneDays("UTC", 0, MAX_ZONE_DAYS * DAY)).toHaveLength(MAX_ZONE_DAYS);
	});

	it("a history window: N calendar days ending today, from the first instant of the first", () => {
		const now = utc("2026-11-27T15:30:00Z");
		const window = historyWindow("Asia/Kolkata", 3, now);
		expect(window.days.map((day) => day.date)).toEqual(["2026-11-25", "2026-11-26", "2026-11-27"]);
		expect(window.from).toBe(utc("2026-11-24T18:30:00Z"));
		expect(window.to).toBe(now);
		expect(window.timeZone).toBe("Asia/Kolkata");
		expect(historyWindow("UTC", MAX_HISTORY_DAYS, now).days).toHaveLength(90);
	});

	it("finds a day's first instant where a clock change skips midnight", () => {
		expect(startOfDay("America/Sao_Paulo", "2018-11-04")).toBe(utc("2018-11-04T03:00:00Z"));
		expect(startOfDay("America/Sao_Paulo", "2018-11-05")).toBe(utc("2018-11-05T02:00:00Z"));
		expect(startOfDay("Asia/Kolkata", "2026-11-27")).toBe(utc("2026-11-26T18:30:00Z"));
		expect(startOfDay("Pacific/Kiritimati", "2026-11-27")).toBe(utc("2026-11-26T10:00:00Z"));
		expect(startOfDay("Pacific/Pago_Pago", "2026-11-27")).toBe(utc("2026-11-27T11:00:00Z"));
		expect(localDateAt("America/Sao_Paulo", utc("2018-11-04T02:59:59.999Z"))).toBe("2018-11-03");
		expect(zoneWallClock("Asia/Kolkata", utc("2026-11-27T00:00:00.700Z"))).toEqual({
			date: "2026-11-27",
			offsetMs: 5.5 * HOUR,
		});
		expect(zoneWallClock("America/New_York", utc("0999-06-01T12:00:00Z")).date).toBe("0999-06-01");
	});

	it("knows IANA zones, and the page's zone is the configured one, trimmed, UTC by default", () => {
		expect(isKnownTimeZone("Australia/Lord_Howe")).toBe(true);
		expect(isKnownTimeZone("Mars/Olympus_Mons")).toBe(false);
		expect(DEFAULT_PAGE_TIME_ZONE).toBe("UTC");
		expect(pageTimeZone(undefined)).toBe("UTC");
		expect(pageTimeZone("  ")).toBe("UTC");
		expect(pageTimeZone(" Asia/Kolkata ")).toBe("Asia/Kolkata");
		expect(() => pageTimeZone("Mars/Olympus_Mons")).toThrow(
			/STATUS_PAGE_TIME_ZONE is no IANA time zone: 'Mars\/Olympus_Mons'/,
		);
	});
});

describe("the fold's plan", () => {
	it("folds to the last quarter-hour grid point at least five minutes old", () => {
		expect(FOLD_GRACE_MS).toBe(5 * 60_000);
		expect(FOLD_STEP_MS).toBe(15 * 60_000);
		expect(foldTarget(utc("2026-11-27T10:20:00Z"))).toBe(utc("2026-11-27T10:15:00Z"));
		expect(foldTarget(utc("2026-11-27T10:19:59.999Z"))).toBe(utc("2026-11-27T10:00:00Z"));
		expect(foldTarget(utc("2026-11-27T10:05:00Z"))).toBe(utc("2026-11-27T10:00:00Z"));
	});

	it("spans from the fold point (or the oldest day shown) to the target, cut at midnights, 15 a call", () => {
		const now = utc("2026-11-27T10:20:00Z");
		const spans = spansToFold("UTC", utc("2026-11-26T22:00:00Z"), now);
		expect(spans).toEqual([
			{ date: "2026-11-26", start: utc("2026-11-26T22:00:00Z"), end: utc("2026-11-27T00:00:00Z") },
			{ date: "2026-11-27", start: utc("2026-11-27T00:00:00Z"), end: utc("2026-11-27T10:15:00Z") },
		]);
		expect(spansToFold("UTC", utc("2026-11-27T10:15:00Z"), now)).toEqual([]);
		const fresh = spansToFold("UTC", null, now);
		expect(fresh).toHaveLength(FOLD_DAYS_PER_CYCLE);
		expect(fresh[0]).toEqual({
			date: "2026-08-30",
			start: utc("2026-08-30T00:00:00Z"),
			end: utc("2026-08-31T00:00:00Z"),
		});
		// A fold point older than the oldest day shown starts at that day instead.
		expect(spansToFold("UTC", utc("2020-01-01T00:00:00Z"), now)[0]?.start).toBe(utc("2026-08-30T00:00:00Z"));
	});
});

describe("historyReport", () => {
	const now = utc("2026-11-27T12:00:00Z");
	const window = historyWindow("UTC", 3, now);
	const surfaces = [
		{ id: "login", name: "Login", group: "Accounts" },
		{ id: "charts", name: "Charts", group: "Market data" },
		{ id: "news", name: "News", group: "Market data" },
	];

	it("takes folded days from the rollup and the rest live, joining the day the fold point is in", () => {
		const liveFrom = utc("2026-11-26T06:00:00Z");
		const report = historyReport({
			window,
			surfaces,
			rolled: [
				{
					surfaceId: "login",
					date: "2026-11-25",
					ms: durations({ OPERATIONAL: DAY - HOUR, DOWN: HOUR }),
					worst: "DOWN",
				},
				{ surfaceId: "login", date: "2026-11-26", ms: durations({ OPERATIONAL: 6 * HOUR }), worst: "OPERATIONAL" },
			],
			liveFrom,
			changes: new Map([
				[
					"login",
					[
						{ at: utc("2026-11-26T05:00:00Z"), state: "OPERATIONAL" as const },
						{ at: utc("2026-11-26T12:00:00Z"), state: "PARTIAL" as const },
						{ at: utc("2026-11-26T14:00:00Z"), state: "OPERATIONAL" as const },
					],
				],
				["charts", [{ at: utc("2026-11-27T06:00:00Z"), state: "MAINTENANCE" as const }]],
			]),
			incidents: [
				{
					publicId: "inc_00002",
					surfaceId: "login",
					openedAt: utc("2026-11-26T12:00:00Z"),
					resolvedAt: utc("2026-11-27T00:00:00Z"),
				},
				{
					publicId: "inc_00001",
					surfaceId: "login",
					openedAt: utc("2026-11-25T23:00:00Z"),
					resolvedAt: utc("2026-11-26T01:00:00Z"),
				},
				{ publicId: "inc_00003", surfaceId: "charts", openedAt: utc("2026-11-27T11:00:00Z"), resolvedAt: null },
			],
		});
		const [login, charts, news] = report.surfaces;
		expect(login?.days.map((day) => [day.date, day.worst, day.incidents])).toEqual([
			["2026-11-25", "DOWN", ["inc_00001"]],
			["2026-11-26", "PARTIAL", ["inc_00001", "inc_00002"]],
			["2026-11-27", "OPERATIONAL", []],
		]);
		expect(login?.days[1]?.ms).toEqual(durations({ OPERATIONAL: 22 * HOUR, PARTIAL: 2 * HOUR }));
		expect(login?.days[1]?.uptime).toBeCloseTo(1 - (0.3 * 2) / 24, 12);
		expect(login?.days[2]?.ms).toEqual(durations({ OPERATIONAL: 12 * HOUR }));
		expect(login?.ms).toEqual(durations({ OPERATIONAL: (23 + 22 + 12) * HOUR, DOWN: HOUR, PARTIAL: 2 * HOUR }));
		expect(login?.uptime).toBeCloseTo(1 - (1 + 0.6) / 60, 12);
		// No rollup row and no change before the fold point: no data until the first change.
		expect(charts?.days.map((day) => [day.worst, day.uptime, day.incidents])).toEqual([
			[null, null, []],
			[null, null, []],
			["MAINTENANCE", null, ["inc_00003"]],
		]);
		expect(charts?.days[2]?.ms).toEqual(durations({ UNKNOWN: 6 * HOUR, MAINTENANCE: 6 * HOUR }));
		expect(news?.uptime).toBeNull();
		expect({ ...login, days: undefined, ms: undefined, uptime: undefined }).toMatchObject(surfaces[0] as object);
		// Groups and the page: the mean of their surfaces' non-null uptimes; times add up.
		expect(report.groups.map((group) => [group.group, group.uptime])).toEqual([
			["Accounts", login?.uptime],
			["Market data", null],
		]);
		expect(report.page.uptime).toBe(login?.uptime);
		expect(report.page.ms.MAINTENANCE).toBe(6 * HOUR);
		expect(report.page.ms.OPERATIONAL).toBe(57 * HOUR);
		expect(report.window).toBe(window);
	});

	it("counts the time between the rollup's end and the live rows read as no data, in whole days and in parts", () => {
		// The rollup ends on the 25th at 06:00; the read took live rows from the 26th at 18:00 on.
		const report = historyReport({
			window,
			surfaces: surfaces.slice(0, 1),
			rolled: [{ surfaceId: "login", date: "2026-11-25", ms: durations({ DOWN: 6 * HOUR }), worst: "DOWN" }],
			rolledThrough: utc("2026-11-25T06:00:00Z"),
			liveFrom: utc("2026-11-26T18:00:00Z"),
			changes: new Map([
				[
					"login",
					[
						{ at: utc("2026-11-26T18:00:00Z"), state: "PARTIAL" as const },
						{ at: utc("2026-11-27T06:00:00Z"), state: "OPERATIONAL" as const },
					],
				],
			]),
			incidents: [],
		});
		const [login] = report.surfaces;
		expect(login?.days.map((day) => [day.date, day.worst, day.ms])).toEqual([
			["2026-11-25", "DOWN", durations({ DOWN: 6 * HOUR, UNKNOWN: 18 * HOUR })],
			["2026-11-26", "PARTIAL", durations({ UNKNOWN: 18 * HOUR, PARTIAL: 6 * HOUR })],
			["2026-11-27", "PARTIAL", durations({ PARTIAL: 6 * HOUR, OPERATIONAL: 6 * HOUR })],
		]);
		expect(login?.ms).toEqual(
			durations({ DOWN: 6 * HOUR, PARTIAL: 12 * HOUR, OPERATIONAL: 6 * HOUR, UNKNOWN: 36 * HOUR }),
		);
		// A whole day in the gap has no data at all.
		const longGap = historyReport({
			window,
			surfaces: surfaces.slice(0, 1),
			rolled: [],
			rolledThrough: window.from,
			liveFrom: utc("2026-11-27T00:00:00Z"),
			changes: new Map([["login", [{ at: utc("2026-11-27T00:00:00Z"), state: "DOWN" as const }]]]),
			incidents: [],
		});
		expect(longGap.surfaces[0]?.days.map((day) => [day.worst, day.uptime, day.ms.UNKNOWN])).toEqual([
			[null, null, DAY],
			[null, null, DAY],
			["DOWN", 0, 0],
		]);
	});

	it("averages uptimes over surfaces that have one; an incident resolved at a midnight is not on the next day", () => {
		const liveFrom = window.from;
		const report = historyReport({
			window,
			surfaces,
			rolled: [],
			liveFrom,
			changes: new Map([
				["login", [{ at: window.from, state: "DOWN" as const }]],
				["charts", [{ at: window.from, state: "OPERATIONAL" as const }]],
			]),
			incidents: [
				{
					publicId: "inc_00009",
					surfaceId: "login",
					openedAt: utc("2026-11-25T10:00:00Z"),
					resolvedAt: utc("2026-11-26T00:00:00Z"),
				},
				{
					publicId: "inc_00010",
					surfaceId: "login",
					openedAt: utc("2026-11-27T00:00:00Z"),
					resolvedAt: utc("2026-11-27T00:00:00Z"),
				},
				{
					publicId: "inc_00008",
					surfaceId: "login",
					openedAt: utc("2026-11-20T00:00:00Z"),
					resolvedAt: utc("2026-11-25T00:00:00Z"),
				},
			],
		});
		expect(report.surfaces[0]?.days.map((day) => day.incidents)).toEqual([["inc_00009"], [], ["inc_00010"]]);
		expect(report.groups.find((group) => group.group === "Market data")?.uptime).toBe(1);
		expect(report.page.uptime).toBe(0.5);
		expect(report.surfaces[0]?.days.every((day) => day.uptime === 0)).toBe(true);
	});

	it(`lists at most ${INCIDENTS_PER_DAY} incidents a day, the latest opened, and counts the rest`, () => {
		const spans = (count: number) =>
			Array.from({ length: count }, (_, index) => ({
				publicId: `inc_${String(100 + index).padStart(5, "0")}`,
				surfaceId: "login",
				openedAt: utc("2026-11-20T00:00:00Z") + index * 60_000,
				resolvedAt: null,
			}));
		const reportOf = (count: number) =>
			historyReport({
				window,
				surfaces,
				rolled: [],
				liveFrom: window.from,
				changes: new Map(),
				incidents: spans(count),
			}).surfaces[0]?.days[0];
		const atCap = reportOf(INCIDENTS_PER_DAY);
		expect(atCap?.incidents).toHaveLength(INCIDENTS_PER_DAY);
		expect(atCap?.incidentsUnlisted).toBe(0);
		const past = reportOf(INCIDENTS_PER_DAY + 5);
		expect(past?.incidents).toEqual(
			spans(INCIDENTS_PER_DAY + 5)
				.slice(5)
				.map((span) => span.publicId),
		);
		expect(past?.incidentsUnlisted).toBe(5);
	});
});

describe("edges of the day split and of the report", () => {
	it("a state held for no time is not the day's worst; time past the day is not the day's", async () => {
		const { dailyHistory } = await import("../../../src/domain/uptime/daily-history");
		const day = { date: "2026-11-20", start: 0, end: 100 };
		const next = { date: "2026-11-21", start: 100, end: 200 };
		const [first, second] = dailyHistory(
			[
				{ at: 0, state: "OPERATIONAL" },
				{ at: 40, state: "DOWN" },
				{ at: 40, state: "OPERATIONAL" },
				{ at: 150, state: "PARTIAL" },
			],
			[day, next],
		);
		expect(first).toEqual({ date: "2026-11-20", ms: durations({ OPERATIONAL: 100 }), worst: "OPERATIONAL" });
		expect(second).toEqual({ date: "2026-11-21", ms: durations({ OPERATIONAL: 50, PARTIAL: 50 }), worst: "PARTIAL" });
		// The last change before the first day carries in.
		expect(dailyHistory([{ at: -5, state: "DEGRADED" }], [day])[0]?.ms).toEqual(durations({ DEGRADED: 100 }));
		expect(dailyHistory([], [day])[0]).toEqual({ date: "2026-11-20", ms: durations({ UNKNOWN: 100 }), worst: null });
	});

	it("lists an incident still open on every day after it opened; a day without rollup row is UNKNOWN to the fold", () => {
		const now = utc("2026-11-27T12:00:00Z");
		const window = historyWindow("UTC", 3, now);
		const report = historyReport({
			window,
			surfaces: [{ id: "charts", name: "Charts", group: "Market data" }],
			rolled: [],
			liveFrom: utc("2026-11-26T06:00:00Z"),
			changes: new Map([["charts", [{ at: utc("2026-11-26T18:00:00Z"), state: "DOWN" as const }]]]),
			incidents: [
				{ publicId: "inc_00005", surfaceId: "charts", openedAt: utc("2026-11-25T20:00:00Z"), resolvedAt: null },
				{ publicId: "inc_00004", surfaceId: "charts", openedAt: utc("2026-11-25T20:00:00Z"), resolvedAt: null },
			],
		});
		const [charts] = report.surfaces;
		expect(charts?.days.map((day) => day.incidents)).toEqual([
			["inc_00004", "inc_00005"],
			["inc_00004", "inc_00005"],
			["inc_00004", "inc_00005"],
		]);
		expect(charts?.days.map((day) => day.ms)).toEqual([
			durations({ UNKNOWN: DAY }),
			durations({ UNKNOWN: 18 * HOUR, DOWN: 6 * HOUR }),
			durations({ DOWN: 12 * HOUR }),
		]);
		expect(charts?.days.map((day) => day.worst)).toEqual([null, "DOWN", "DOWN"]);
	});
});
