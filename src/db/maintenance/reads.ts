import { type PublicReader, readVersioned, type Versioned } from "../data-version";
import { type MaintenanceRow, maintenanceFromRaw, type RawMaintenanceRow } from "./rows";

// The public maintenance list, as text like every public read (data-version.ts): it runs on cache
// misses before the router is loaded.

/**
 * Windows not over, and those completed or cancelled since ?1: one index range per status. The
 * indexes are named: with years of completed windows, table statistics can talk SQLite into a scan.
 */
export const PUBLIC_MAINTENANCES_SQL = `SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_starts_idx
		WHERE status = 'scheduled'
	UNION ALL SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_starts_idx
		WHERE status = 'in_progress'
	UNION ALL SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_ended_idx
		WHERE status = 'completed' AND ended_at >= ?1
	UNION ALL SELECT * FROM status_maintenances INDEXED BY status_maintenances_status_ended_idx
		WHERE status = 'cancelled' AND ended_at >= ?1`;

export function publicMaintenancesOf(result: D1Result | undefined): MaintenanceRow[] {
	return ((result?.results ?? []) as RawMaintenanceRow[]).map(maintenanceFromRaw);
}

/** The public maintenance windows since `sinceIso`, with the data version: one round trip. */
export async function readPublicMaintenances(
	reader: PublicReader,
	sinceIso: string,
): Promise<Versioned<MaintenanceRow[]>> {
	return readVersioned(reader, [reader.prepare(PUBLIC_MAINTENANCES_SQL).bind(sinceIso)], ([rows]) =>
		publicMaintenancesOf(rows),
	);
}
