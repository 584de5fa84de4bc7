import { describe, expect, it } from "vitest";
import { noDurations, uptimeOf } from "../../../src/domain/uptime/daily-history";
import type { SurfaceState } from "../../../src/domain/vocabulary";
import { type BarDay, dayAccount, dayMarks } from "../../../src/http/page/day-marks";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A day spending `minutes` in each state named, and the rest of it operational. */
function day(date: string, minutes: Partial<Record<SurfaceState, number>> = {}, known = true): BarDay {
	const ms = noDurations();
	if (!known) {
		ms.UNKNOWN = DAY;
		return { date, ms, worst: null, uptime: null };
	}
	let rest = DAY;
	for (const [state, count] of Object.entries(minutes) as [SurfaceState, number][]) {
		ms[state] = count * MINUTE;
		rest -= count * MINUTE;
	}
	ms.OPERATIONAL = rest;
	const order: SurfaceState[] = ["DOWN", "PARTIAL", "DEGRADED", "MAINTENANCE", "OPERATIONAL"];
	const worst = order.find((state) => ms[state] > 0) ?? null;
	return { date, ms, worst, uptime: uptimeOf(ms) };
}

const dates = (count: number, first = Date.parse("2026-09-03T00:00:00Z")) =>
	Array.from({ length: count }, (_, index) => new Date(first + index * DAY).toISOString().slice(0, 10));

describe("a day's account", () => {
	it("names each kind of trouble, worst first, with how long, then the uptime", () => {
		expect(dayAccount(day("2026-11-20", { PARTIAL: 12 }))).toBe("partial outage 12 min, uptime 99.75 %");
		expect(dayAccount(day("2026-11-20", { DEGRADED: 40, DOWN: 5 }))).toBe(
			"major outage 5 min, degraded 40 min, uptime 99.65 %",
		);
		expect(dayAccount(day("2026-11-20", { MAINTENANCE: 125 }))).toBe("maintenance 2 h 5 min, uptime 100 %");
		expect(dayAccount(day("2026-11-20"))).toBe("operational");
		expect(dayAccount(day("2026-11-20", {}, false))).toBe("no data");
		// A state held for no time at all (two changes at one instant) is the worst, yet took no time.
		expect(dayAccount({ ...day("2026-11-20"), worst: "DEGRADED" })).toBe("operational, uptime 100 %");
	});

	it("never rounds a day with downtime up to 100 %, and says when the uptime does not count", () => {
		const blip = day("2026-11-20", {});
		blip.ms.DOWN = 1000;
		blip.ms.OPERATIONAL -= 1000;
		blip.worst = "DOWN";
		blip.uptime = uptimeOf(blip.ms);
		expect(dayAccount(blip)).toBe("major outage under 1 min, uptime 99.99 %");
		const maintained = day("2026-11-20", { MAINTENANCE: 24 * 60 });
		expect(dayAccount(maintained)).toBe("maintenance 1 day, uptime not counted");
	});
});

describe("the marks of a bar", () => {
	it("puts alike days in one mark per band, and today in one of its own", () => {
		const all = dates(90);
		const days = all.map((date, index) => (index === 70 ? day(date, { PARTIAL: 12 }) : day(date)));
		const marks = dayMarks(days);
		expect(marks.map((mark) => [mark.start, mark.days, mark.band, mark.stateClass])).toEqual([
			[0, 30, "oldest", "o"],
			[30, 30, "older", "o"],
			[60, 10, "recent", "o"],
			[70, 1, "recent", "p"],
			[71, 18, "recent", "o"],
			[89, 1, "recent", "o"],
		]);
		expect(marks.map((mark) => mark.text)).toEqual([
			`${all[0]} to ${all[29]}: operational`,
			`${all[30]} to ${all[59]}: operational`,
			`${all[60]} to ${all[69]}: operational`,
			`${all[70]}: partial outage 12 min, uptime 99.75 %`,
			`${all[71]} to ${all[88]}: operational`,
			`${all[89]} (today): operational`,
		]);
		expect(marks.reduce((sum, mark) => sum + mark.days, 0)).toBe(90);
	});

	it("keeps days apart whose figures differ, even in the same state", () => {
		const [first, second, third, today] = dates(4);
		const marks = dayMarks([
			day(first as string, { DEGRADED: 10 }),
			day(second as string, { DEGRADED: 10 }),
			day(third as string, { DEGRADED: 11 }),
			day(today as string, {}, false),
		]);
		expect(marks.map((mark) => mark.text)).toEqual([
			`${first} to ${second}: degraded 10 min, uptime 100 %`,
			`${third}: degraded 11 min, uptime 100 %`,
			`${today} (today): no data`,
		]);
		expect(marks.map((mark) => mark.stateClass)).toEqual(["g", "g", "u"]);
	});

	it("covers every day exactly once, whatever the history", () => {
		for (let seed = 1; seed <= 200; seed += 1) {
			const states: SurfaceState[] = ["DOWN", "PARTIAL", "DEGRADED", "MAINTENANCE"];
			const count = 1 + (seed % 90);
			const days = dates(count).map((date, index) => {
				const pick = (seed * 7 + index * 13) % 11;
				if (pick === 0) return day(date, {}, false);
				if (pick < 5) return day(date, { [states[pick % 4] as SurfaceState]: (pick * seed) % 50 });
				return day(date);
			});
			const marks = dayMarks(days);
			expect(marks.reduce((sum, mark) => sum + mark.days, 0)).toBe(count);
			marks.forEach((mark, index) => {
				const previous = marks[index - 1];
				expect(mark.start).toBe(previous ? previous.start + previous.days : 0);
			});
			expect(marks.at(-1)?.text).toContain("(today)");
			expect(marks.at(-1)?.days).toBe(1);
		}
	});
});
