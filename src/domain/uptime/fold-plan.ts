import { addDays, daysBetween } from "../market/local-date";
import { localDateAt, startOfDay } from "../time-zone";
import { MAX_HISTORY_DAYS } from "./history-window";
import type { ZoneDay } from "./zone-days";

/**
 * How long after a day ends it is folded. An audit row's created_at is taken before its batch
 * commits, so a row stamped 23:59:59.9 may land just after midnight: a day is only folded once
 * no write still in flight can carry its date (a D1 batch gives up long before this).
 */
export const FOLD_GRACE_MS = 5 * 60_000;

/** Days folded per cycle, so that catching up (a new deployment: 90 days) stays a small job. */
export const FOLD_DAYS_PER_CYCLE = 15;

/**
 * The next days of the zone to fold into the rollup, oldest first: from where the rollup ends (or
 * the oldest day a window can show, if that is later) up to the last day that ended at least
 * FOLD_GRACE_MS before `now`. Empty when the rollup is up to date.
 */
export function daysToFold(timeZone: string, foldedThrough: number | null, now: number): ZoneDay[] {
	const oldestShown = addDays(localDateAt(timeZone, now), -(MAX_HISTORY_DAYS - 1));
	const resumeAt = foldedThrough === null ? oldestShown : localDateAt(timeZone, foldedThrough);
	let date = daysBetween(oldestShown, resumeAt) > 0 ? resumeAt : oldestShown;
	let start = startOfDay(timeZone, date);
	const days: ZoneDay[] = [];
	while (days.length < FOLD_DAYS_PER_CYCLE) {
		const next = addDays(date, 1);
		const end = startOfDay(timeZone, next);
		if (end > now - FOLD_GRACE_MS) break;
		days.push({ date, start, end });
		date = next;
		start = end;
	}
	return days;
}
