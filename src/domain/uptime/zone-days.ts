import { addDays, type LocalDate } from "../market/local-date";

/** A calendar day of a time zone: its local date and the instants it runs between, [start, end). */
export interface ZoneDay {
	date: LocalDate;
	start: number;
	end: number;
}

const HOUR_MS = 3_600_000;
/** UTC offsets run from -12:00 to +14:00: a local midnight lies within 15 hours of UTC midnight. */
const FURTHEST_OFFSET_MS = 15 * HOUR_MS;
/** The longest history a status page shows, with room: the day loop's bound. */
export const MAX_ZONE_DAYS = 400;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat("en-US", {
			timeZone,
			hourCycle: "h23",
			year: "numeric",
			month: "2-digit",
			day: "2-digit",
			hour: "2-digit",
			minute: "2-digit",
			second: "2-digit",
		});
		if (formatters.size >= 16) formatters.clear();
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** Whether the runtime knows the IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
	try {
		formatterOf(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** The wall clock of a zone at an instant: its date, and the offset from UTC in milliseconds. */
function wallClock(timeZone: string, ms: number): { date: LocalDate; offsetMs: number } {
	const parts = new Map<string, number>(
		formatterOf(timeZone)
			.formatToParts(ms)
			.map((part) => [part.type, Number(part.value)]),
	);
	const part = (type: string, otherwise: number) => parts.get(type) ?? otherwise;
	const [year, month, day] = [part("year", 0), part("month", 1), part("day", 1)];
	const [hour, minute, second] = [part("hour", 0), part("minute", 0), part("second", 0)];
	const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
	const date = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
	return { date, offsetMs: wallAsUtc - Math.floor(ms / 1000) * 1000 };
}

export function localDateAt(timeZone: string, ms: number): LocalDate {
	return wallClock(timeZone, ms).date;
}

/**
 * The first instant of a local date: its midnight, or, where a clock change skips midnight, the
 * first instant that reads as that date.
 */
export function startOfDay(timeZone: string, date: LocalDate): number {
	const midnightAsUtc = Date.parse(`${date}T00:00:00Z`);
	let guess = midnightAsUtc - wallClock(timeZone, midnightAsUtc).offsetMs;
	guess = midnightAsUtc - wallClock(timeZone, guess).offsetMs;
	if (localDateAt(timeZone, guess) === date && localDateAt(timeZone, guess - 1) < date) return guess;
	// Midnight fell in a gap: search for the first instant of the date (about 27 steps).
	let low = midnightAsUtc - FURTHEST_OFFSET_MS;
	let high = midnightAsUtc + FURTHEST_OFFSET_MS;
	while (high - low > 1) {
		const middle = Math.floor((low + high) / 2);
		if (localDateAt(timeZone, middle) < date) low = middle;
		else high = middle;
	}
	return high;
}

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
