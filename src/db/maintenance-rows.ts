import type { WindowFields } from "../domain/maintenance-window";
import type { MaintenanceStatus } from "../domain/vocabulary";

// A maintenance window's row, for the writes (maintenances.ts) and the public read
// (maintenance-reads.ts, which loads no query builder).

export interface MaintenanceRow extends WindowFields {
	id: number;
	key: string;
	status: MaintenanceStatus;
	missed: boolean;
	startedAt: string | null;
	endedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface RawMaintenanceRow {
	id: number;
	key: string;
	title: string;
	public_note: string | null;
	surface_ids: string;
	starts_at: string;
	ends_at: string;
	status: MaintenanceStatus;
	missed: number;
	started_at: string | null;
	ended_at: string | null;
	created_at: string;
	updated_at: string;
}

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
