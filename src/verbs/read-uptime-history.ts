import type { PublicReader } from "../db/data-version";
import { roundTrip } from "../db/round-trip";
import { readUptimeRows, type UptimeReadRequest, type UptimeRows } from "../db/uptime/history";
import { addDays } from "../domain/market/local-date";
import { type HistoryReport, type HistorySurface, historyReport } from "../domain/uptime/history-report";
import { type HistoryWindow, historyWindow } from "../domain/uptime/history-window";
import { SURFACES } from "../surfaces/registry";

export interface UptimeQuery {
	timeZone: string;
	days: number;
	/** One registered surface, or every surface when absent. */
	surfaceId?: string;
}

/** What a history read asks D1 for, and what its report is made of besides the rows. */
export interface UptimePlan {
	window: HistoryWindow;
	surfaces: HistorySurface[];
	request: UptimeReadRequest;
}

export function uptimePlan(query: UptimeQuery, now: Date): UptimePlan {
	const window = historyWindow(query.timeZone, query.days, now.getTime());
	const surfaces = SURFACES.filter((surface) => query.surfaceId === undefined || surface.id === query.surfaceId).map(
		({ id, name, group }) => ({ id, name, group }),
	);
	const firstDate = window.days[0]?.date ?? "";
	const lastDate = window.days.at(-1)?.date ?? firstDate;
	const request: UptimeReadRequest = {
		timeZone: query.timeZone,
		surfaceIds: surfaces.map((surface) => surface.id),
		from: window.from,
		to: window.to,
		firstDate,
		dayAfterLast: addDays(lastDate, 1),
	};
	return { window, surfaces, request };
}

/** The report of a planned read, from its rows. */
export function uptimeReportOf(plan: UptimePlan, rows: UptimeRows): HistoryReport {
	return historyReport({
		window: plan.window,
		surfaces: plan.surfaces,
		rolled: rows.rolled,
		liveFrom: rows.liveFrom,
		changes: rows.changes,
		incidents: rows.incidents,
	});
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
	const plan = uptimePlan(query, now);
	const rows = await roundTrip(() => readUptimeRows(reader, plan.request));
	return { report: uptimeReportOf(plan, rows), version: rows.version };
}
