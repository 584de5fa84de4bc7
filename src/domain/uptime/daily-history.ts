import { worstState } from "../severity";
import type { SurfaceState } from "../vocabulary";
import type { ZoneDay } from "./zone-days";

/**
 * Statuspage's published weight of a partial outage in uptime: a minute of PARTIAL counts as 0.3
 * of a minute down.
 */
export const PARTIAL_OUTAGE_WEIGHT = 0.3;

/** Milliseconds spent in each state. Whole milliseconds, so that sums are exact. */
export type StateDurations = Record<SurfaceState, number>;

/** A surface's state from an instant on: an audit row's created_at and new_state. */
export interface StateChange {
	at: number;
	state: SurfaceState;
}

export interface DayHistory {
	date: string;
	ms: StateDurations;
	/** The worst known state held at any moment of the day; null when none was known. */
	worst: SurfaceState | null;
}

// Written out state by state: a report adds up tens of thousands of these, and a loop over the
// states' names costs several times the additions.
export const noDurations = (): StateDurations => ({
	OPERATIONAL: 0,
	DEGRADED: 0,
	PARTIAL: 0,
	DOWN: 0,
	MAINTENANCE: 0,
	UNKNOWN: 0,
});

export function addDurations(total: StateDurations, more: StateDurations): StateDurations {
	total.OPERATIONAL += more.OPERATIONAL;
	total.DEGRADED += more.DEGRADED;
	total.PARTIAL += more.PARTIAL;
	total.DOWN += more.DOWN;
	total.MAINTENANCE += more.MAINTENANCE;
	total.UNKNOWN += more.UNKNOWN;
	return total;
}

/**
 * uptime = 1 - (DOWN + 0.3 x PARTIAL) / (time in a known state other than MAINTENANCE).
 * DEGRADED counts as up; MAINTENANCE and UNKNOWN are left out; null when nothing is left.
 */
export function uptimeOf(durations: StateDurations): number | null {
	const counted = durations.OPERATIONAL + durations.DEGRADED + durations.PARTIAL + durations.DOWN;
	if (counted === 0) return null;
	return 1 - (durations.DOWN + PARTIAL_OUTAGE_WEIGHT * durations.PARTIAL) / counted;
}

/** A day (or part of one) with no data: all of it UNKNOWN. */
export function dayWithoutData(day: ZoneDay): DayHistory {
	const ms = noDurations();
	ms.UNKNOWN = day.end - day.start;
	return { date: day.date, ms, worst: null };
}

/**
 * A surface's history, day by day. The state at an instant is the state of the latest change at or
 * before it; before the first change there is no data (counted as UNKNOWN). A change exactly at a
 * day's first instant belongs to that day. `changes` must be sorted by time (ties keep their order:
 * the last one stands), and hold the last change before the first day if there is one.
 */
export function dailyHistory(changes: readonly StateChange[], days: readonly ZoneDay[]): DayHistory[] {
	let next = 0;
	let current: SurfaceState = "UNKNOWN";
	return days.map((day) => {
		while (next < changes.length && (changes[next]?.at ?? Number.POSITIVE_INFINITY) <= day.start) {
			current = changes[next]?.state ?? current;
			next += 1;
		}
		const ms = noDurations();
		const held = new Set<SurfaceState>();
		let from = day.start;
		const hold = (until: number) => {
			if (until <= from) return;
			ms[current] += until - from;
			held.add(current);
			from = until;
		};
		while (next < changes.length && (changes[next]?.at ?? Number.POSITIVE_INFINITY) < day.end) {
			const change = changes[next] as StateChange;
			hold(change.at);
			current = change.state;
			next += 1;
		}
		hold(day.end);
		const worst = worstState(held);
		return { date: day.date, ms, worst: worst === "UNKNOWN" ? null : worst };
	});
}
