import { readPageRows } from "../db/cross-table/page";
import type { PublicReader } from "../db/data-version";
import { roundTrip } from "../db/round-trip";
import type { HistoryReport } from "../domain/uptime/history-report";
import { MAX_HISTORY_DAYS } from "../domain/uptime/history-window";
import { type StatusSnapshot, snapshotOf, snapshotQuery } from "./read-status-snapshot";
import { uptimePlan, uptimeReportOf } from "./read-uptime-history";

/** Everything the status page shows that is stored: the snapshot and every surface's 90 days. */
export interface PageData {
	version: number;
	snapshot: StatusSnapshot;
	history: HistoryReport;
}

/** The page's data, read at one data version in one D1 round trip. */
export async function readPage(reader: PublicReader, timeZone: string, now: Date): Promise<PageData> {
	const plan = uptimePlan({ timeZone, days: MAX_HISTORY_DAYS }, now);
	const rows = await roundTrip(() => readPageRows(reader, snapshotQuery(now), plan.request));
	return {
		version: rows.snapshot.version,
		snapshot: snapshotOf(rows.snapshot),
		history: uptimeReportOf(plan, rows.uptime),
	};
}
