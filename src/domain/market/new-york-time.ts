import { zoneWallClock } from "../time-zone";
import { addDays, type LocalDate } from "./local-date";

export const MARKET_TIME_ZONE = "America/New_York" as const;

export interface NewYorkWallClock {
	date: LocalDate;
	/** Offset from UTC in minutes: -300 (EST) or -240 (EDT). */
	offsetMinutes: number;
}

/** The New York date and UTC offset at an instant, from the runtime's time zone data. */
function wallClockFromIntl(instant: Date): NewYorkWallClock {
	const { date, offsetMs } = zoneWallClock(MARKET_TIME_ZONE, instant.getTime());
	return { date, offsetMinutes: Math.round(offsetMs / 60_000) };
}

const instants = new Map<string, number>();

/**
 * The instant of a New York wall-clock time. Only for times that exist once on that day: the
 * market's times (00:00 and 04:00 onwards) never fall in the 02:00-03:00 daylight-saving gap or fold.
 * Memoized: the clock asks for the same few times of the same few days on every request.
 */
export function newYorkInstant(date: LocalDate, minutesAfterMidnight: number): Date {
	const key = `${date}|${minutesAfterMidnight}`;
	const known = instants.get(key);
	if (known !== undefined) return new Date(known);
	const wallAsUtc = Date.parse(`${date}T00:00:00Z`) + minutesAfterMidnight * 60_000;
	const asIfStandardTime = wallAsUtc + 5 * 60 * 60_000;
	const firstGuess = wallClockFromIntl(new Date(asIfStandardTime)).offsetMinutes;
	const guessed = wallAsUtc - firstGuess * 60_000;
	const offset = wallClockFromIntl(new Date(guessed)).offsetMinutes;
	const instant = offset === firstGuess ? guessed : wallAsUtc - offset * 60_000;
	if (instants.size > 4096) instants.clear();
	instants.set(key, instant);
	return new Date(instant);
}

interface DayWindow extends NewYorkWallClock {
	start: number;
	end: number;
}
let lastDay: DayWindow | null = null;

/**
 * The New York date and UTC offset at an instant. The day last asked about is remembered, so most
 * calls cost no time zone lookup; days on which the offset changes are always looked up.
 */
export function newYorkWallClock(instant: Date): NewYorkWallClock {
	const time = instant.getTime();
	if (lastDay && time >= lastDay.start && time < lastDay.end)
		return { date: lastDay.date, offsetMinutes: lastDay.offsetMinutes };
	const wall = wallClockFromIntl(instant);
	const start = newYorkInstant(wall.date, 0).getTime();
	const end = newYorkInstant(addDays(wall.date, 1), 0).getTime();
	const sameOffsetAllDay =
		end - start === 24 * 60 * 60_000 && wallClockFromIntl(new Date(start)).offsetMinutes === wall.offsetMinutes;
	lastDay = sameOffsetAllDay ? { ...wall, start, end } : null;
	return wall;
}

/** ISO 8601 with New York's offset, as Alpaca writes it: 2026-11-27T09:30:00-05:00. */
export function formatNewYork(instant: Date, options: { milliseconds?: boolean } = {}): string {
	const { offsetMinutes } = newYorkWallClock(instant);
	const shifted = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString();
	const wall = options.milliseconds ? shifted.slice(0, 23) : shifted.slice(0, 19);
	const sign = offsetMinutes < 0 ? "-" : "+";
	const absolute = Math.abs(offsetMinutes);
	return `${wall}${sign}${String(Math.floor(absolute / 60)).padStart(2, "0")}:${String(absolute % 60).padStart(2, "0")}`;
}

export function minutesToClock(minutes: number, separator = ":"): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, "0")}${separator}${String(minutes % 60).padStart(2, "0")}`;
}
