import { roundTrip } from "../db/round-trip";
import { clearRollup, readFoldedThrough, readFoldInput, writeFold } from "../db/uptime-rollup";
import { dailyHistory } from "../domain/uptime/daily-history";
import { daysToFold } from "../domain/uptime/fold-plan";
import type { RolledDay } from "../domain/uptime/history-report";
import { SURFACES } from "../surfaces/registry";

const SURFACE_IDS = SURFACES.map((surface) => surface.id);

export interface FoldReport {
	/** The local dates folded by this call, oldest first. */
	dates: string[];
	/** Where the zone's rollup ends now (null: nothing folded yet). */
	foldedThrough: string | null;
	/** Whether every day that may be folded at `now` is. */
	upToDate: boolean;
}

const foldReport = (dates: string[], foldedThrough: number | null, upToDate: boolean): FoldReport => ({
	dates,
	foldedThrough: foldedThrough === null ? null : new Date(foldedThrough).toISOString(),
	upToDate,
});

/**
 * Folds the next days that ended into the zone's rollup (at most FOLD_DAYS_PER_CYCLE): reads their
 * audit rows once, splits them into days (domain/uptime), writes the days and the new fold point in
 * one batch. Three round trips; none when the rollup is up to date. A day a surface spent without
 * data gets no row. A fold that lost a race with another (the cron and a rebuild) writes nothing
 * and reports no dates.
 */
export async function foldUptime(db: D1Database, timeZone: string, now: Date): Promise<FoldReport> {
	const foldedFrom = await roundTrip(() => readFoldedThrough(db, timeZone));
	const days = daysToFold(timeZone, foldedFrom, now.getTime());
	const first = days[0];
	const last = days.at(-1);
	if (!first || !last) return foldReport([], foldedFrom, true);
	const changes = await roundTrip(() => readFoldInput(db, SURFACE_IDS, first.start, last.end));
	const rolled = SURFACE_IDS.flatMap((surfaceId) =>
		dailyHistory(changes.get(surfaceId) ?? [], days)
			.map((day): RolledDay => ({ ...day, surfaceId }))
			.filter((day) => day.worst !== null),
	);
	const landed = await roundTrip(() => writeFold(db, timeZone, rolled, foldedFrom, last.end));
	if (!landed) return foldReport([], foldedFrom, false);
	return foldReport(
		days.map((day) => day.date),
		last.end,
		daysToFold(timeZone, last.end, now.getTime()).length === 0,
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
