import { roundTrip } from "../db/round-trip";
import { clearRollup, readFoldedThrough, readFoldInput, writeFold } from "../db/uptime/fold";
import { startOfDay } from "../domain/time-zone";
import { dailyHistory, dayWithoutData } from "../domain/uptime/daily-history";
import { joinDayParts } from "../domain/uptime/day-parts";
import { foldTarget, spansToFold } from "../domain/uptime/fold-plan";
import type { RolledDay } from "../domain/uptime/history-report";
import { SURFACES } from "../surfaces/registry";

const SURFACE_IDS = SURFACES.map((surface) => surface.id);

export interface FoldReport {
	/** The local dates this call folded (some perhaps in part), oldest first. */
	dates: string[];
	/** Where the zone's rollup ends now (null: nothing folded yet). */
	foldedThrough: string | null;
	/** Whether the rollup reaches as far as a fold at `now` may go. */
	upToDate: boolean;
}

const foldReport = (dates: string[], foldedThrough: number | null, upToDate: boolean): FoldReport => ({
	dates,
	foldedThrough: foldedThrough === null ? null : new Date(foldedThrough).toISOString(),
	upToDate,
});

/**
 * Folds the audit rows since the rollup's end into it, up to the grid point foldTarget(now) and
 * at most FOLD_DAYS_PER_CYCLE days at a time: reads the rows once (and the row of the day the
 * rollup ends inside), splits them into days (domain/uptime), and writes the days with the new
 * fold point in one batch. Three round trips; one when the rollup is up to date. A day a surface
 * spent without data gets no row. A fold that lost a race with another (the cron and a rebuild)
 * writes nothing and reports no dates.
 */
export async function foldUptime(db: D1Database, timeZone: string, now: Date): Promise<FoldReport> {
	const foldedFrom = await roundTrip(() => readFoldedThrough(db, timeZone));
	const spans = spansToFold(timeZone, foldedFrom, now.getTime());
	const first = spans[0];
	const last = spans.at(-1);
	if (!first || !last) return foldReport([], foldedFrom, true);
	const firstDayStart = startOfDay(timeZone, first.date);
	const continued = first.start > firstDayStart ? first.date : null;
	const input = await roundTrip(() =>
		readFoldInput(db, { timeZone, surfaceIds: SURFACE_IDS, start: first.start, end: last.end, continued }),
	);
	const rolled = SURFACE_IDS.flatMap((surfaceId) => {
		const days = dailyHistory(input.changes.get(surfaceId) ?? [], spans);
		const [head, ...rest] = days;
		if (!head) return [];
		const earlier =
			input.continued.get(surfaceId) ?? dayWithoutData({ ...first, start: firstDayStart, end: first.start });
		const whole = continued === null ? days : [joinDayParts(earlier, head), ...rest];
		return whole.filter((day) => day.worst !== null).map((day): RolledDay => ({ ...day, surfaceId }));
	});
	const landed = await roundTrip(() => writeFold(db, timeZone, rolled, foldedFrom, last.end));
	if (!landed) return foldReport([], foldedFrom, false);
	return foldReport(
		spans.map((span) => span.date),
		last.end,
		last.end >= foldTarget(now.getTime()),
	);
}

/**
 * One step of a rebuild (npm run db:rebuild-rollup): the first step forgets the zone's rollup,
 * every step folds the next days from the audit log alone. Repeat until up to date; running the
 * whole rebuild again gives the same rows.
 */
export async function rebuildUptimeStep(db: D1Database, timeZone: string, now: Date, restart: boolean) {
	if (restart) await roundTrip(() => clearRollup(db, timeZone));
	return foldUptime(db, timeZone, now);
}
