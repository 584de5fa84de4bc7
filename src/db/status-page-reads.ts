import type { PublicReader, Versioned } from "./public-reads";
import {
	type SnapshotQuery,
	type StatusSnapshotRows,
	snapshotRowsOf,
	snapshotStatements,
} from "./status-snapshot-reads";
import { type UptimeReadRequest, type UptimeRows, uptimeRowsOf, uptimeStatements } from "./uptime-rollup";

export interface StatusPageRows {
	snapshot: Versioned<StatusSnapshotRows>;
	uptime: UptimeRows;
}

/**
 * What the HTML status page shows: the snapshot and the uptime history, in one D1 batch - one
 * round trip, and one consistent read (a batch runs as one transaction), so the page's board and
 * bars never disagree about a write.
 */
export async function readStatusPageRows(
	reader: PublicReader,
	snapshot: SnapshotQuery,
	uptime: UptimeReadRequest,
): Promise<StatusPageRows> {
	const snapshotPart = snapshotStatements(reader, snapshot);
	const results = await reader.batch([...snapshotPart, ...uptimeStatements(reader, uptime)]);
	return {
		snapshot: snapshotRowsOf(results.slice(0, snapshotPart.length)),
		uptime: uptimeRowsOf(results.slice(snapshotPart.length), uptime),
	};
}
