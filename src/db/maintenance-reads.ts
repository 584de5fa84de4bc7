import { type MaintenanceRow, maintenanceFromRaw, type RawMaintenanceRow } from "./maintenance-rows";
import { PUBLIC_READ_SQL, type PublicReader, type Versioned } from "./public-reads";

// The public maintenance list, as text like the other public reads (public-reads.ts): it runs on
// cache misses before the router is loaded.

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

/** The public maintenance windows since `sinceIso`, with the data version: one round trip. */
export async function readPublicMaintenances(
	reader: PublicReader,
	sinceIso: string,
): Promise<Versioned<MaintenanceRow[]>> {
	const [version, rows] = await reader.batch([
		reader.prepare(PUBLIC_READ_SQL.version.sql).bind(...PUBLIC_READ_SQL.version.params),
		reader.prepare(PUBLIC_MAINTENANCES_SQL).bind(sinceIso),
	]);
	return {
		version: (version?.results[0] as { version: number } | undefined)?.version ?? 0,
		rows: ((rows?.results ?? []) as RawMaintenanceRow[]).map(maintenanceFromRaw),
	};
}
