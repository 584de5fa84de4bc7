import { SHORT_STATE_WORDS } from "../../domain/state-words";
import type { StateDurations } from "../../domain/uptime/daily-history";
import type { SurfaceState } from "../../domain/vocabulary";
import { formatDuration, formatPercent, STATE_CLASSES } from "./words";

/** The part of a day the uptime bar draws: its date, time in each state, worst state and uptime. */
export interface BarDay {
	date: string;
	ms: StateDurations;
	worst: SurfaceState | null;
	uptime: number | null;
}

/**
 * How far back a mark lies: the newest 30 days show on every screen, the 30 before from 30em
 * wide, the oldest 30 on wide screens only (the stylesheet hides them by these classes).
 */
export type Band = "recent" | "older" | "oldest";
export const BAND_DAYS = 30;

/**
 * One mark of the bar: consecutive days that read the same (the same states for as long, the same
 * uptime) in one band. The bar draws a mark per day all the same; the text equivalent names the
 * days it covers, so that a quiet quarter costs a few marks and not ninety.
 */
export interface DayMark {
	/** The index of its first day in the bar, 0 the oldest. */
	start: number;
	days: number;
	band: Band;
	stateClass: string;
	/** "2026-11-20: partial outage 12 min, uptime 99.75 %" */
	text: string;
}

/** The states a day's account names, worst first; OPERATIONAL and UNKNOWN are said otherwise. */
const TROUBLE: readonly SurfaceState[] = ["DOWN", "PARTIAL", "DEGRADED", "MAINTENANCE"];

/**
 * What a day was like, without its date: "partial outage 12 min, uptime 99.75 %". A day that was
 * operational whenever known is simply "operational" (its uptime is 100 % by definition): the
 * quiet days are most of the bar, and the page's size budget is spent on the others.
 */
export function dayAccount(day: BarDay): string {
	if (day.worst === null) return "no data";
	if (day.worst === "OPERATIONAL") return SHORT_STATE_WORDS.OPERATIONAL;
	const trouble = TROUBLE.filter((state) => day.ms[state] > 0).map(
		(state) => `${SHORT_STATE_WORDS[state]} ${formatDuration(day.ms[state])}`,
	);
	const states = trouble.length === 0 ? SHORT_STATE_WORDS.OPERATIONAL : trouble.join(", ");
	const uptime = day.uptime === null ? "uptime not counted" : `uptime ${formatPercent(day.uptime)} %`;
	return `${states}, ${uptime}`;
}

const bandOf = (age: number): Band => (age < BAND_DAYS ? "recent" : age < 2 * BAND_DAYS ? "older" : "oldest");

/**
 * The marks of a surface's bar, oldest first. `days` runs oldest first and its last day is today
 * (so far), which always stands alone.
 */
export function dayMarks(days: readonly BarDay[]): DayMark[] {
	const marks: DayMark[] = [];
	let run: { mark: Omit<DayMark, "text">; first: string; last: string; account: string } | null = null;
	const close = () => {
		if (run === null) return;
		const dates = run.mark.days === 1 ? run.first : `${run.first} to ${run.last}`;
		marks.push({ ...run.mark, text: `${dates}: ${run.account}` });
	};
	for (const [index, day] of days.entries()) {
		const age = days.length - 1 - index;
		const band = bandOf(age);
		const today = age === 0;
		const said = today ? `${day.date} (today)` : day.date;
		const account = dayAccount(day);
		if (run !== null && !today && run.mark.band === band && account === run.account) {
			run.mark.days += 1;
			run.last = said;
			continue;
		}
		close();
		const stateClass = day.worst === null ? "u" : STATE_CLASSES[day.worst];
		run = { mark: { start: index, days: 1, band, stateClass }, first: said, last: said, account };
	}
	close();
	return marks;
}
