import { boundedMemo } from "../lib/bounded-memo";
import type { LocalDate } from "./market/local-date";

// The wall clock of any IANA time zone, from the runtime's time zone data (Intl).

const HOUR_MS = 3_600_000;
/** UTC offsets run from -12:00 to +14:00: a local midnight lies within 15 hours of UTC midnight. */
const FURTHEST_OFFSET_MS = 15 * HOUR_MS;

/** Each zone's formatter, made once (zones come from configuration: a handful). */
const formatterOf: (timeZone: string) => Intl.DateTimeFormat = boundedMemo(
	16,
	(timeZone) => timeZone,
	(timeZone) =>
		new Intl.DateTimeFormat("en-US", {
			timeZone,
			hourCycle: "h23",
			year: "numeric",
			month: "2-digit",
			day: "2-digit",
			hour: "2-digit",
			minute: "2-digit",
			second: "2-digit",
		}),
);

/** A zone's wall clock at an instant: its date, and its offset from UTC in milliseconds. */
export interface WallClock {
	readonly date: LocalDate;
	readonly offsetMs: number;
}

/**
 * The wall clock of a zone at an instant. It depends on the instant's second only: a page formats
 * the same instants on every request, so the answers are remembered (each is a call into Intl).
 */
export const zoneWallClock: (timeZone: string, ms: number) => WallClock = boundedMemo(
	4096,
	(timeZone, ms) => `${timeZone} ${Math.floor(ms / 1000)}`,
	computeWallClock,
);

function computeWallClock(timeZone: string, ms: number): WallClock {
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
	return zoneWallClock(timeZone, ms).date;
}

/**
 * The first instant of a local date: its midnight, or, where a clock change skips midnight, the
 * first instant that reads as that date. Each is a few Intl calls, and a 90-day history asks for
 * 91 of them on every build: they are remembered.
 */
export const startOfDay: (timeZone: string, date: LocalDate) => number = boundedMemo(
	4096,
	(timeZone, date) => `${timeZone} ${date}`,
	computeStartOfDay,
);

function computeStartOfDay(timeZone: string, date: LocalDate): number {
	const midnightAsUtc = Date.parse(`${date}T00:00:00Z`);
	let guess = midnightAsUtc - zoneWallClock(timeZone, midnightAsUtc).offsetMs;
	guess = midnightAsUtc - zoneWallClock(timeZone, guess).offsetMs;
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

/** Whether the runtime knows an IANA time zone of this name (asked on every page read: remembered). */
export const isKnownTimeZone: (name: string) => boolean = boundedMemo(64, (name) => name, computeIsKnownTimeZone);

function computeIsKnownTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat("en-US", { timeZone: name });
		return true;
	} catch {
		return false;
	}
}
