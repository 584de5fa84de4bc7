import type { MaintenanceStatus } from "../../domain/vocabulary";
import { type PublicReader, readVersioned, type Versioned } from "../data-version";
import { type MaintenanceRow, maintenanceFromRaw, type RawMaintenanceRow } from "./rows";

// The public maintenance list, as text like every public read (data-version.ts): it runs on cache
// misses before the router is loaded.

/**
 * Windows not over, and those completed or cancelled since ?1: one index range per status, each
 * its ?2 most relevant rows (in progress and upcoming: soonest start first; ended: latest end first).
 * The indexes are named: with years of completed windows, table statistics can talk SQLite into a scan.
 */
export const PUBLIC_MAINTENANCES_SQL = `SELECT * FROM (SELECT * FROM status_maintenances
		INDEXED BY status_maintenances_status_starts_idx
		WHERE status = 'in_progress' ORDER BY starts_at, id LIMIT ?2)
	UNION ALL SELECT * FROM (SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_starts_idx
		WHERE status = 'scheduled' ORDER BY starts_at, id LIMIT ?2)
	UNION ALL SELECT * FROM (SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_ended_idx
		WHERE status = 'completed' AND ended_at >= ?1 ORDER BY ended_at DESC, id DESC LIMIT ?2)
	UNION ALL SELECT * FROM (SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_ended_idx
		WHERE status = 'cancelled' AND ended_at >= ?1 ORDER BY ended_at DESC, id DESC LIMIT ?2)`;

/** How many windows of each status the public list covers (listed or not), from the same index ranges. */
export const PUBLIC_MAINTENANCE_COUNTS_SQL = `SELECT
	(SELECT count(*) FROM status_maintenances INDEXED BY status_maintenances_status_starts_idx
		WHERE status = 'in_progress') AS in_progress,
	(SELECT count(*) FROM status_maintenances INDEXED BY status_maintenances_status_starts_idx
		WHERE status = 'scheduled') AS scheduled,
	(SELECT count(*) FROM status_maintenances INDEXED BY status_maintenances_status_ended_idx
		WHERE status = 'completed' AND ended_at >= ?1) AS completed,
	(SELECT count(*) FROM status_maintenances INDEXED BY status_maintenances_status_ended_idx
		WHERE status = 'cancelled' AND ended_at >= ?1) AS cancelled`;

export type MaintenanceCounts = Readonly<Record<MaintenanceStatus, number>>;

/** The public list's windows, at most a bound of each status, and how many there are of each. */
export interface PublicMaintenances {
	rows: MaintenanceRow[];
	totals: MaintenanceCounts;
}

export function publicMaintenancesOf(rows: D1Result | undefined, counts: D1Result | undefined): PublicMaintenances {
	const totals = (counts?.results[0] ?? {}) as Partial<MaintenanceCounts>;
	return {
		rows: ((rows?.results ?? []) as RawMaintenanceRow[]).map(maintenanceFromRaw),
		totals: {
			in_progress: totals.in_progress ?? 0,
			scheduled: totals.scheduled ?? 0,
			completed: totals.completed ?? 0,
			cancelled: totals.cancelled ?? 0,
		},
	};
}

/** The statements of the public list: its rows, then its counts. */
export function publicMaintenancesStatements(
	reader: PublicReader,
	sinceIso: string,
	perStatus: number,
): [D1PreparedStatement, D1PreparedStatement] {
	return [
		reader.prepare(PUBLIC_MAINTENANCES_SQL).bind(sinceIso, perStatus),
		reader.prepare(PUBLIC_MAINTENANCE_COUNTS_SQL).bind(sinceIso),
	];
}

/** The public maintenance windows since `sinceIso` (at most `perStatus` of each), with the data version: one round trip. */
export async function readPublicMaintenances(
	reader: PublicReader,
	sinceIso: string,
	perStatus: number,
): Promise<Versioned<PublicMaintenances>> {
	return readVersioned(reader, publicMaintenancesStatements(reader, sinceIso, perStatus), ([rows, counts]) =>
		publicMaintenancesOf(rows, counts),
	);
}
