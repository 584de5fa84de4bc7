import type { IncidentRow, RawRow, statusIncidents } from "../schema";

/** The columns of RawIncidentRow, for the reads kept as SQL text. */
export const INCIDENT_COLUMNS = `"id", "surface_id", "opened_at", "resolved_at", "public_note", "freescout_ticket_id", "severity", "freescout_updated_at"`;

/** A status_incidents row as D1 returns it (column names as in SQL). */
export type RawIncidentRow = RawRow<typeof statusIncidents>;

export function incidentFromRaw(row: RawIncidentRow): IncidentRow {
	return {
		id: row.id,
		surfaceId: row.surface_id,
		openedAt: row.opened_at,
		resolvedAt: row.resolved_at,
		publicNote: row.public_note,
		freescoutTicketId: row.freescout_ticket_id,
		severity: row.severity,
		freescoutUpdatedAt: row.freescout_updated_at,
	};
}
