import type { SurfaceStateRow } from "../../db/schema";
import type { StatusBoard } from "../../verbs/list-surfaces";

// Public shapes never carry ticket ids, actors or tokens.

export function toInternalSurface(row: SurfaceStateRow) {
	return {
		surface_id: row.surfaceId,
		state: row.state,
		state_since: row.stateSince,
		state_source: row.stateSource,
		ticket_pending: row.ticketPending === 1,
		public_note: row.publicNote,
		last_probe_at: row.lastProbeAt,
		maintenance_until: row.maintenanceUntil,
		updated_at: row.updatedAt,
	};
}

export function toPublicStatusBoard(board: StatusBoard, now: Date) {
	return {
		overall: { state: board.overall.state, description: board.overall.description },
		surfaces: board.surfaces.map(({ surface, state, row }) => ({
			id: surface.id,
			name: surface.name,
			group: surface.group,
			kind: surface.kind,
			state,
			state_since: row?.stateSince ?? null,
			ticket_pending: row?.ticketPending === 1,
			public_note: row?.publicNote ?? null,
			maintenance_until: row?.maintenanceUntil ?? null,
			updated_at: row?.updatedAt ?? null,
		})),
		generated_at: now.toISOString(),
	};
}
