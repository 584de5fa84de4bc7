import { readPageRows } from "../db/cross-table/page";
import type { PublicReader } from "../db/data-version";
import { roundTrip } from "../db/round-trip";
import type { HistoryReport } from "../domain/uptime/history-report";
import { MAX_HISTORY_DAYS } from "../domain/uptime/history-window";
import { readStatusSnapshot, type StatusSnapshot, snapshotOf, snapshotQuery } from "./read-status-snapshot";
import {
	currentEverySurfaceHistory,
	offerEverySurfaceHistory,
	uptimePlan,
	uptimeReportOf,
} from "./read-uptime-history";

/** Everything the status page shows that is stored: the snapshot and every surface's 90 days. */
export interface PageData {
	version: number;
	snapshot: StatusSnapshot;
	history: HistoryReport;
}

/**
 * The page's data, read at one data version in one D1 round trip: the snapshot alone when this
 * isolate holds the report of every surface at the version the Cache API names (the uptime
 * answers' and the page's shared build), else the snapshot and the history together, the history
 * then offered to the uptime answers. Should a write land between the generation and the read,
 * the versions differ and the page reads both again (a second round trip, only then).
 */
export async function readPage(
	reader: PublicReader,
	timeZone: string,
	now: Date,
	knownVersion: number | null,
): Promise<PageData> {
	const shared = currentEverySurfaceHistory(timeZone, now, knownVersion);
	if (shared) {
		const snapshot = await readStatusSnapshot(reader, now);
		if (snapshot.version === shared.version) return { version: snapshot.version, snapshot, history: shared.report };
	}
	const plan = uptimePlan({ timeZone, days: MAX_HISTORY_DAYS }, now);
	const rows = await roundTrip(() => readPageRows(reader, snapshotQuery(now), plan.request));
	const page = {
		version: rows.snapshot.version,
		snapshot: snapshotOf(rows.snapshot),
		history: uptimeReportOf(plan, rows.uptime),
	};
	offerEverySurfaceHistory(timeZone, now, { version: page.version, report: page.history });
	return page;
}
