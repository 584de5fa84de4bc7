import type { PublicReader } from "../db/data-version";
import { roundTrip } from "../db/round-trip";
import { type HeldRollup, readUptimeRows, type UptimeReadRequest, type UptimeRows } from "../db/uptime/history";
import { addDays } from "../domain/market/local-date";
import { type HistoryReport, type HistorySurface, historyReport, lastDaysOf } from "../domain/uptime/history-report";
import {
	HISTORY_RESOLUTION_MS,
	type HistoryWindow,
	historyWindow,
	MAX_HISTORY_DAYS,
} from "../domain/uptime/history-window";
import { SharedBuild } from "../public-cache/shared-builds";
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
		rolledThrough: rows.rolledThrough,
		liveFrom: rows.liveFrom,
		changes: rows.changes,
		incidents: rows.incidents,
	});
}

/**
 * The rollup days this isolate read last, whatever data version they were read at: a read after a
 * write takes only the days the fold may have written since (history.ts, HeldRollup).
 */
let lastRollup: HeldRollup | null = null;

/** The rollup days held for the next read. */
export const heldRollup = (): HeldRollup | null => lastRollup;

/** Keeps a read's rollup days for the next read. */
export function holdRollup(rows: UptimeRows): void {
	if (rows.rollup) lastRollup = rows.rollup;
}

/** A report already built, and the data version it was built at. */
export interface HeldReport {
	version: number;
	report: HistoryReport;
}

/**
 * The uptime history of the registered surfaces (or of one) over the last `days` days of the
 * page's zone: the rollup's days, and the rest from the live audit rows. One D1 round trip, which
 * reads no history when the data is still at the version of `held` (a report of the same query,
 * built earlier in the same minute): `held` is then the answer.
 */
export async function readUptimeHistory(
	reader: PublicReader,
	query: UptimeQuery,
	now: Date,
	held: HeldReport | null = null,
): Promise<HeldReport> {
	const plan = uptimePlan(query, now);
	const rows = await roundTrip(() => readUptimeRows(reader, plan.request, held?.version ?? null, heldRollup()));
	if (held && rows.version === held.version) return held;
	holdRollup(rows);
	return { report: uptimeReportOf(plan, rows), version: rows.version };
}

/** The report of every surface over the longest window: what every history answer is cut from. */
const everySurfaceHistory = new SharedBuild<HistoryReport>();

/** What the report of every surface depends on besides the data: the page's zone, and the minute. */
export const everySurfaceHistoryKey = (timeZone: string, now: Date): string =>
	`${timeZone}/${Math.floor(now.getTime() / HISTORY_RESOLUTION_MS)}`;

/** The report of every surface this isolate holds for this minute, whatever its version. */
export function heldEverySurfaceHistory(timeZone: string, now: Date): HeldReport | null {
	const held = everySurfaceHistory.held(everySurfaceHistoryKey(timeZone, now));
	return held ? { version: held.version, report: held.value } : null;
}

/** Where a read that built the report of every surface (the page's) offers it to the others. */
export function offerEverySurfaceHistory(
	timeZone: string,
	now: Date,
	built: { version: number; report: HistoryReport },
) {
	everySurfaceHistory.offer(everySurfaceHistoryKey(timeZone, now), { version: built.version, value: built.report });
}

export interface SharedHistoryRead {
	/** The data version the Cache API's generation names, if known: a report built at it is current. */
	knownVersion: number | null;
	/** Keeps a build others wait for alive (the request's waitUntil). */
	keepAlive: (settled: Promise<unknown>) => void;
}

/**
 * The uptime history of `query`, cut from the report of every surface over the longest window,
 * which this isolate builds once per data version and minute (one D1 round trip) and shares: a
 * burst of every `days` and `surface` variant costs one build and a cut each, and a miss at a
 * version already built (the Cache API's copy expired, the data unchanged) reads no history.
 */
export async function readSharedUptimeHistory(
	reader: PublicReader,
	query: UptimeQuery,
	now: Date,
	shared: SharedHistoryRead,
): Promise<{ report: HistoryReport; version: number }> {
	const full = await everySurfaceHistory.get(
		everySurfaceHistoryKey(query.timeZone, now),
		shared.knownVersion,
		async (held) => {
			const { report, version } = await readUptimeHistory(
				reader,
				{ timeZone: query.timeZone, days: MAX_HISTORY_DAYS },
				now,
				held ? { version: held.version, report: held.value } : null,
			);
			return { version, value: report };
		},
		shared.keepAlive,
	);
	return { report: lastDaysOf(full.value, query.days, query.surfaceId), version: full.version };
}
