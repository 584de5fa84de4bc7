import { readPageRows } from "../db/cross-table/page";
import type { PublicReader } from "../db/data-version";
import { roundTrip } from "../db/round-trip";
import type { HistoryReport } from "../domain/uptime/history-report";
import { MAX_HISTORY_DAYS } from "../domain/uptime/history-window";
import {
	heldSnapshotRows,
	type StatusSnapshot,
	snapshotOf,
	snapshotQuery,
	snapshotRowsAfter,
} from "./read-status-snapshot";
import {
	heldEverySurfaceHistory,
	heldRollup,
	holdRollup,
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
 * The page's data, read at one data version in one D1 round trip: the snapshot and the history,
 * each unless this isolate holds its rows (the snapshot's) or report (the history's, shared with
 * the uptime answers) at the version read; a report read here is offered to the uptime answers.
 */
export async function readPage(reader: PublicReader, timeZone: string, now: Date): Promise<PageData> {
	const heldHistory = heldEverySurfaceHistory(timeZone, now);
	const heldSnapshot = heldSnapshotRows(now);
	const plan = uptimePlan({ timeZone, days: MAX_HISTORY_DAYS }, now);
	const held = { snapshot: heldSnapshot?.version ?? null, uptime: heldHistory?.version ?? null, rollup: heldRollup() };
	const rows = await roundTrip(() => readPageRows(reader, snapshotQuery(now), plan.request, held));
	const version = rows.snapshot.version;
	const snapshot = snapshotOf(snapshotRowsAfter(rows.snapshot, heldSnapshot, now));
	if (heldHistory && heldHistory.version === version) return { version, snapshot, history: heldHistory.report };
	holdRollup(rows.uptime);
	const history = uptimeReportOf(plan, rows.uptime);
	offerEverySurfaceHistory(timeZone, now, { version, report: history });
	return { version, snapshot, history };
}
