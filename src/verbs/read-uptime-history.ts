import type { PublicReader } from "../db/public-reads";
import { roundTrip } from "../db/round-trip";
import { readUptimeRows } from "../db/uptime-rollup";
import { addDays } from "../domain/market/local-date";
import { type HistoryReport, historyReport } from "../domain/uptime/history-report";
import { historyWindow } from "../domain/uptime/history-window";
import { SURFACES } from "../surfaces/registry";

export interface UptimeQuery {
	timeZone: string;
	days: number;
	/** One registered surface, or every surface when absent. */
	surfaceId?: string;
}

/**
 * The uptime history of the registered surfaces (or of one) over the last `days` days of the
 * page's zone: the rollup's days, and the rest from the live audit rows. One D1 round trip.
 */
export async function readUptimeHistory(
	reader: PublicReader,
	query: UptimeQuery,
	now: Date,
): Promise<{ report: HistoryReport; version: number }> {
	const window = historyWindow(query.timeZone, query.days, now.getTime());
	const surfaces = SURFACES.filter((surface) => query.surfaceId === undefined || surface.id === query.surfaceId).map(
		({ id, name, group }) => ({ id, name, group }),
	);
	const firstDate = window.days[0]?.date ?? "";
	const lastDate = window.days.at(-1)?.date ?? firstDate;
	const rows = await roundTrip(() =>
		readUptimeRows(reader, {
			timeZone: query.timeZone,
			surfaceIds: surfaces.map((surface) => surface.id),
			from: window.from,
			to: window.to,
			firstDate,
			dayAfterLast: addDays(lastDate, 1),
		}),
	);
	const report = historyReport({
		window,
		surfaces,
		rolled: rows.rolled,
		liveFrom: rows.liveFrom,
		changes: rows.changes,
		incidents: rows.incidents,
	});
	return { report, version: rows.version };
}
