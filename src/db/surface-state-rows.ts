import type { SurfaceStateRow } from "./schema";

/** A surface_state row as D1 returns it (column names), for queries run without drizzle's mapping. */
export interface RawSurfaceStateRow {
	surface_id: string;
	state: SurfaceStateRow["state"];
	state_since: string;
	state_source: SurfaceStateRow["stateSource"];
	ticket_pending: number;
	public_note: string | null;
	last_probe_at: string | null;
	maintenance_until: string | null;
	updated_at: string;
}

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
