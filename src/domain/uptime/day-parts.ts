import { worstState } from "../severity";
import { addDurations, type DayHistory, noDurations } from "./daily-history";

/**
 * One day from two consecutive parts of it (the rollup's part up to its fold point, and what
 * followed): the time in each state adds up, and the worst state is the worse of the two.
 */
export function joinDayParts(earlier: DayHistory, later: DayHistory): DayHistory {
	const ms = addDurations(addDurations(noDurations(), earlier.ms), later.ms);
	const worst = worstState([earlier.worst ?? "UNKNOWN", later.worst ?? "UNKNOWN"]);
	return { date: earlier.date, ms, worst: worst === "UNKNOWN" ? null : worst };
}
