import { addDays } from "../market/local-date";
import { localDateAt, startOfDay } from "../time-zone";
import { MAX_HISTORY_DAYS } from "./history-window";
import type { ZoneDay } from "./zone-days";

/**
 * How long after an instant it may be folded. An audit row's created_at is taken before its batch
 * commits, so a row stamped 10:14:59.9 may land after 10:15: an instant is only folded once no
 * write still in flight can carry it (a D1 batch gives up long before this).
 */
export const FOLD_GRACE_MS = 5 * 60_000;

/**
 * The rollup ends on a fixed grid of instants, this far apart: whenever and however often folds
 * run, the same audit rows give the same rows. Every time zone's midnights of this century lie on
 * it (all UTC offsets in use are whole quarter hours), so no day is ever split off the grid.
 */
export const FOLD_STEP_MS = 15 * 60_000;

/** Days (or parts of days) folded per call, so that catching up (a new deployment: 90 days) stays a small job. */
export const FOLD_DAYS_PER_CYCLE = 15;

/** The latest instant a fold at `now` may reach: a grid point at least FOLD_GRACE_MS old. */
export function foldTarget(now: number): number {
	return Math.floor((now - FOLD_GRACE_MS) / FOLD_STEP_MS) * FOLD_STEP_MS;
}

/**
 * The next spans of the zone's days to fold into the rollup, oldest first: from where the rollup
 * ends (or from the first day a window can show, if that is later) to foldTarget(now), cut at the
 * zone's midnights. The first may begin, and the last end, inside a day: a row of the rollup then
 * holds the day up to the fold point. Empty when the rollup is up to date.
 */
export function spansToFold(timeZone: string, foldedThrough: number | null, now: number): ZoneDay[] {
	const target = foldTarget(now);
	const oldestShown = startOfDay(timeZone, addDays(localDateAt(timeZone, now), -(MAX_HISTORY_DAYS - 1)));
	let start = foldedThrough === null ? oldestShown : Math.max(foldedThrough, oldestShown);
	const spans: ZoneDay[] = [];
	while (start < target && spans.length < FOLD_DAYS_PER_CYCLE) {
		const date = localDateAt(timeZone, start);
		const end = Math.min(startOfDay(timeZone, addDays(date, 1)), target);
		spans.push({ date, start, end });
		start = end;
	}
	return spans;
}
