import type { WindowFields } from "../../domain/maintenance-window";
import type { MaintenanceTableRow, RawRow, statusMaintenances } from "../schema";

// A maintenance window's row, for the writes (windows.ts) and the public read (reads.ts, which
// loads no query builder).

/** A window as the code uses it: its fields parsed (surface ids, instants in ms, missed as a flag). */
export type MaintenanceRow = Omit<MaintenanceTableRow, keyof WindowFields | "missed" | "writeId"> &
	WindowFields & { missed: boolean };

/** A status_maintenances row as D1 returns it (column names as in SQL). */
export type RawMaintenanceRow = RawRow<typeof statusMaintenances>;

export function maintenanceFromRaw(row: RawMaintenanceRow): MaintenanceRow {
	return {
		id: row.id,
		key: row.key,
		title: row.title,
		publicNote: row.public_note,
		surfaceIds: JSON.parse(row.surface_ids) as string[],
		startsAt: Date.parse(row.starts_at),
		endsAt: Date.parse(row.ends_at),
		status: row.status,
		missed: row.missed === 1,
		startedAt: row.started_at,
		endedAt: row.ended_at,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
	};
}
