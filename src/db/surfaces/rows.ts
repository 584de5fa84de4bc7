import type { RawRow, SurfaceStateRow, surfaceState } from "../schema";

/** A surface_state row as D1 returns it (column names as in SQL). */
export type RawSurfaceStateRow = RawRow<typeof surfaceState>;

export function surfaceStateFromRaw(row: RawSurfaceStateRow): SurfaceStateRow {
	return {
		surfaceId: row.surface_id,
		state: row.state,
		stateSince: row.state_since,
		stateSource: row.state_source,
		ticketPending: row.ticket_pending,
		publicNote: row.public_note,
		lastProbeAt: row.last_probe_at,
		maintenanceUntil: row.maintenance_until,
		updatedAt: row.updated_at,
	};
}
