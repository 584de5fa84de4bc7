import { boundedMemo } from "../../lib/bounded-memo";
import { addDays, type LocalDate } from "../market/local-date";
import { localDateAt, startOfDay } from "../time-zone";

/** A calendar day of a time zone: its local date and the instants it runs between, [start, end). */
export interface ZoneDay {
	date: LocalDate;
	start: number;
	end: number;
}

/** The longest history a status page shows, with room: the day loop's bound. */
export const MAX_ZONE_DAYS = 400;

/**
 * The zone's calendar days that meet [from, to), oldest first, each cut to the window: a day with a
 * clock change has 23 or 25 hours (or what the change makes it), and today ends at `to`.
 */
export function zoneDays(timeZone: string, from: number, to: number): ZoneDay[] {
	const days: ZoneDay[] = [];
	let date = localDateAt(timeZone, from);
	let start = from;
	while (start < to) {
		if (days.length >= MAX_ZONE_DAYS) throw new RangeError(`more than ${MAX_ZONE_DAYS} days from ${from} to ${to}`);
		const next = addDays(date, 1);
		const end = Math.min(startOfDay(timeZone, next), to);
		days.push({ date, start, end });
		date = next;
		start = end;
	}
	return days;
}

/**
 * `count` consecutive calendar days of the zone from `first`, the last cut at `to` (a day that
 * starts at `to` is there, empty): the days of a history window, whatever hour it is read at.
 */
export function calendarDays(timeZone: string, first: LocalDate, count: number, to: number): ZoneDay[] {
	if (!(Number.isInteger(count) && count >= 1 && count <= MAX_ZONE_DAYS)) {
		throw new RangeError(`a window holds 1 to ${MAX_ZONE_DAYS} days, not ${count}`);
	}
	return wholeCalendarDays(timeZone, first, count).map((day) =>
		day.end <= to ? day : { date: day.date, start: Math.min(day.start, to), end: to },
	);
}

/** The days calendarDays cuts, whole: the same for every read of a window on one day, so remembered. */
const wholeCalendarDays: (timeZone: string, first: LocalDate, count: number) => readonly ZoneDay[] = boundedMemo(
	16,
	(timeZone, first, count) => `${timeZone} ${first} ${count}`,
	(timeZone, first, count) => {
		const days: ZoneDay[] = [];
		let date = first;
		for (let index = 0; index < count; index += 1) {
			const next = addDays(date, 1);
			days.push({ date, start: startOfDay(timeZone, date), end: startOfDay(timeZone, next) });
			date = next;
		}
		return days;
	},
);
