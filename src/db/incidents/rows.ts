import type { IncidentRow, RawRow, statusIncidents } from "../schema";

/** The columns of RawIncidentRow, for the reads kept as SQL text. */
export const INCIDENT_COLUMNS = `"id", "surface_id", "opened_at", "resolved_at", "public_note", "freescout_ticket_id", "severity", "freescout_updated_at"`;

/** The helpdesk's title of the incident a select of status_incidents reads (schema.ts: status_incident_titles). */
export const PUBLIC_TITLE_COLUMN = `(select "t"."title" from "status_incident_titles" "t" where "t"."incident_id" = "status_incidents"."id") as "public_title"`;

/** INCIDENT_COLUMNS and the title, for a select of status_incidents itself. */
export const INCIDENT_COLUMNS_WITH_TITLE = `${INCIDENT_COLUMNS}, ${PUBLIC_TITLE_COLUMN}`;

/** A status_incidents row as D1 returns it (column names as in SQL), with its title. */
export type RawIncidentRow = RawRow<typeof statusIncidents> & { public_title: string | null };

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
		publicTitle: row.public_title ?? null,
	};
}
