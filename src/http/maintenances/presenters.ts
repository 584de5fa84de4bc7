import type { MaintenanceRow } from "../../db/maintenance/rows";
import { publicMaintenanceId } from "../../domain/maintenance-id";
import { surfaceName } from "../../surfaces/registry";

export function toPublicMaintenance(row: MaintenanceRow) {
	return {
		id: publicMaintenanceId(row.id),
		title: row.title,
		public_note: row.publicNote,
		surfaces: row.surfaceIds.map((id) => ({ id, name: surfaceName(id) })),
		starts_at: new Date(row.startsAt).toISOString(),
		ends_at: new Date(row.endsAt).toISOString(),
		status: row.status,
		missed: row.missed,
		ended_at: row.endedAt,
	};
}

export function toMaintenanceAnswer(row: MaintenanceRow) {
	return {
		id: publicMaintenanceId(row.id),
		key: row.key,
		title: row.title,
		public_note: row.publicNote,
		surface_ids: [...row.surfaceIds],
		starts_at: new Date(row.startsAt).toISOString(),
		ends_at: new Date(row.endsAt).toISOString(),
		status: row.status,
		missed: row.missed,
		started_at: row.startedAt,
		ended_at: row.endedAt,
	};
}
