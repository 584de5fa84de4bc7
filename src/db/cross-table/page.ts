import { type PublicReader, readVersioned, type Versioned } from "../data-version";
import {
	type HeldRollup,
	type UptimeReadRequest,
	type UptimeRows,
	uptimeRowsOf,
	uptimeStatements,
} from "../uptime/history";
import { type SnapshotQuery, type StatusSnapshotRows, snapshotRowsOf, snapshotStatements } from "./snapshot";

export interface PageRows {
	snapshot: Versioned<StatusSnapshotRows>;
	uptime: UptimeRows;
}

/**
 * What the HTML page shows: the snapshot and the uptime history, in one D1 batch - one round trip,
 * and one consistent read at one data version (a batch runs as one transaction), so the page's
 * board and bars never disagree about a write. Each part returns no rows (but the surfaces') when
 * the data is still at the version of the rows of it held.
 */
export async function readPageRows(
	reader: PublicReader,
	snapshot: SnapshotQuery,
	uptime: UptimeReadRequest,
	held: { snapshot: number | null; uptime: number | null; rollup: HeldRollup | null },
): Promise<PageRows> {
	const snapshotPart = snapshotStatements(reader, snapshot, held.snapshot);
	const { version, rows } = await readVersioned(
		reader,
		[...snapshotPart, ...uptimeStatements(reader, uptime, held.uptime, held.rollup)],
		(results) => ({
			snapshot: snapshotRowsOf(results.slice(0, snapshotPart.length)),
			uptime: uptimeRowsOf(results.slice(snapshotPart.length), uptime, held.rollup),
		}),
	);
	return { snapshot: { version, rows: rows.snapshot }, uptime: { version, ...rows.uptime } };
}
