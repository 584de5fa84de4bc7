import { addDays, type LocalDate } from "../market/local-date";
import { localDateAt, startOfDay } from "../time-zone";
import { SURFACE_STATES } from "../vocabulary";
import {
	addDurations,
	dailyHistory,
	noDurations,
	type StateChange,
	type StateDurations,
	uptimeOf,
} from "./daily-history";
import type { HistorySurface } from "./history-report";
import { type ZoneDay, zoneDays } from "./zone-days";

/** The most months the monthly uptime covers: a year, the current month included. */
export const MAX_UPTIME_MONTHS = 12;

/** A calendar month of the page's zone, "2026-11", cut at now: [start, end). */
export interface ZoneMonth {
	month: string;
	start: number;
	end: number;
	/** Where the whole month ends (the next one's first instant), whatever `end` was cut at. */
	until: number;
	/** Its first day and the first day of the next month, for the rollup's date range. */
	firstDate: LocalDate;
	nextFirstDate: LocalDate;
}

const firstOfMonth = (date: LocalDate): LocalDate => `${date.slice(0, 7)}-01`;

function nextMonth(first: LocalDate): LocalDate {
	const [year, month] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
	return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
}

function previousMonth(first: LocalDate): LocalDate {
	return firstOfMonth(addDays(first, -1));
}

/** "2026-11": the zone's month at an instant. */
export const monthAt = (timeZone: string, instant: number): string => localDateAt(timeZone, instant).slice(0, 7);

/**
 * `count` calendar months of the zone, oldest first, the last one the month before `before`
 * ("2026-11"; null: the current month, then cut at `now`).
 */
export function monthsUpTo(timeZone: string, before: string | null, count: number, now: number): ZoneMonth[] {
	let first = before === null ? firstOfMonth(localDateAt(timeZone, now)) : previousMonth(`${before}-01`);
	const months: ZoneMonth[] = [];
	for (let index = 0; index < count; index += 1) {
		const next = nextMonth(first);
		months.unshift({
			month: first.slice(0, 7),
			start: startOfDay(timeZone, first),
			end: Math.max(startOfDay(timeZone, first), Math.min(startOfDay(timeZone, next), now)),
			until: startOfDay(timeZone, next),
			firstDate: first,
			nextFirstDate: next,
		});
		first = previousMonth(first);
	}
	return months;
}

/** The last `count` calendar months of the zone, oldest first, the current one ending at `now`. */
export function lastMonths(timeZone: string, count: number, now: number): ZoneMonth[] {
	if (!(Number.isInteger(count) && count >= 1 && count <= MAX_UPTIME_MONTHS)) {
		throw new RangeError(`1 to ${MAX_UPTIME_MONTHS} months, not ${count}`);
	}
	return monthsUpTo(timeZone, null, count, now);
}

/** A month's durations of one surface as the rollup sums them (status_uptime_days, by month). */
export interface RolledMonth {
	surfaceId: string;
	month: string;
	ms: StateDurations;
}

export interface MonthlyUptimeInput {
	timeZone: string;
	months: readonly ZoneMonth[];
	surfaces: readonly HistorySurface[];
	rolled: readonly RolledMonth[];
	/** Where the rollup's rows end; the time from here to `liveFrom` was not read and has no data. */
	rolledThrough: number;
	/** The rest comes from each surface's changes: the last before `liveFrom`, then every one after. */
	liveFrom: number;
	changes: ReadonlyMap<string, readonly StateChange[]>;
}

export interface MonthFigures {
	month: string;
	/** Milliseconds in each state; UNKNOWN is the month's time without data (before the first record, or not read). */
	ms: StateDurations;
	/** uptimeOf(ms): null when the month has no time in a counted state. */
	uptime: number | null;
	/** Whether part of the month (up to now) has no data: its figure covers the rest only. */
	partialData: boolean;
}

export interface SurfaceMonths extends HistorySurface {
	/** Oldest first, as `months`. */
	months: MonthFigures[];
}

/**
 * Each surface's uptime per calendar month of the zone, exactly as the daily history counts it
 * (daily-history.ts, uptimeOf): the rollup's sums for the time it holds, the live changes after
 * `liveFrom`, and every other instant of the month (up to now) without data.
 */
export function monthlyUptime(input: MonthlyUptimeInput): SurfaceMonths[] {
	const { months, liveFrom } = input;
	const rolled = new Map(input.rolled.map((row) => [`${row.surfaceId}/${row.month}`, row.ms]));
	const first = months[0];
	const last = months.at(-1);
	const liveDays: ZoneDay[] =
		first && last && last.end > Math.max(first.start, liveFrom)
			? zoneDays(input.timeZone, Math.max(first.start, liveFrom), last.end)
			: [];
	return input.surfaces.map((surface) => {
		const live = dailyHistory(input.changes.get(surface.id) ?? [], liveDays);
		return {
			...surface,
			months: months.map((month): MonthFigures => {
				const ms = addDurations(noDurations(), rolled.get(`${surface.id}/${month.month}`) ?? noDurations());
				for (const day of live) if (day.date.startsWith(month.month)) addDurations(ms, day.ms);
				const known = SURFACE_STATES.filter((state) => state !== "UNKNOWN").reduce((sum, state) => sum + ms[state], 0);
				ms.UNKNOWN = Math.max(0, month.end - month.start - known);
				return { month: month.month, ms, uptime: uptimeOf(ms), partialData: ms.UNKNOWN > 0 };
			}),
		};
	});
}
