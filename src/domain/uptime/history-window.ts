import { addDays } from "../market/local-date";
import { localDateAt } from "../time-zone";
import { calendarDays, type ZoneDay } from "./zone-days";

/** The longest history the public page serves, in days (Statuspage's and its peers' 90 bars). */
export const MAX_HISTORY_DAYS = 90;

/**
 * How long an answer's figures stand for "now": its ETag names the data version and this
 * minute, so a client revalidating later in the minute keeps today's seconds up to a minute old,
 * and any write (a new version) is seen at once.
 */
export const HISTORY_RESOLUTION_MS = 60_000;

/** The window of a history answer: `dayCount` calendar days of the zone, the last one today. */
export interface HistoryWindow {
	timeZone: string;
	/** The first instant of the first day. */
	from: number;
	/** Now: today ends here. */
	to: number;
	days: ZoneDay[];
}

export function historyWindow(timeZone: string, dayCount: number, now: number): HistoryWindow {
	const to = now;
	const first = addDays(localDateAt(timeZone, to), -(dayCount - 1));
	const days = calendarDays(timeZone, first, dayCount, to);
	return { timeZone, from: days[0]?.start ?? to, to, days };
}
