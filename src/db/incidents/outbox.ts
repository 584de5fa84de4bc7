import { randomId } from "../../lib/random-id";
import type { OutboxEntry } from "../notifications/outbox";
import { type SQL, sql } from "../sql";

const fields = (snapshot: SQL) =>
	sql`(json_extract(${snapshot}, '$.status'), json_extract(${snapshot}, '$.severity'),
		json_extract(${snapshot}, '$.public_note'), json_extract(${snapshot}, '$.surface_id'),
		json_extract(${snapshot}, '$.resolved_at'), json_extract(${snapshot}, '$.title'))`;

/**
 * The outbox entry of a ticket's incident: created when the ticket's first event makes it,
 * resolved when it closes, updated when its status, severity, note, surface or title change; nothing for
 * a stale or repeated event, which changes none of them.
 */
export function incidentOutboxEntry(ticketId: number, nowIso: string): OutboxEntry {
	const incident = sql`FROM status_incidents AS i WHERE i.freescout_ticket_id = ${ticketId}`;
	return {
		eventId: randomId("evt_"),
		subjectKind: "incident",
		snapshot: sql`(SELECT json_object('id', i.id, 'surface_id', i.surface_id, 'severity', i.severity,
			'public_note', i.public_note, 'opened_at', i.opened_at, 'resolved_at', i.resolved_at,
			'title', (SELECT t.title FROM status_incident_titles AS t WHERE t.incident_id = i.id),
			'status', (SELECT e.status FROM status_incident_events AS e WHERE e.incident_id = i.id ORDER BY e.at DESC LIMIT 1),
			'updated_at', i.freescout_updated_at,
			'surface_state', (SELECT s.state FROM surface_state AS s WHERE s.surface_id = i.surface_id)) ${incident})`,
		subjectId: sql`(SELECT CAST(i.id AS TEXT) ${incident})`,
		surfaceIds: sql`(SELECT json_array(i.surface_id) ${incident})`,
		typeOf: (before, after) => sql`CASE
			WHEN ${after} IS NULL THEN NULL
			WHEN ${before} IS NULL THEN 'incident.created'
			WHEN json_extract(${before}, '$.resolved_at') IS NULL AND json_extract(${after}, '$.resolved_at') IS NOT NULL
				THEN 'incident.resolved'
			WHEN ${fields(before)} IS NOT ${fields(after)} THEN 'incident.updated'
			ELSE NULL END`,
		nowIso,
	};
}
