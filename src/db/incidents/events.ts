import type { IncidentSeverity, IncidentStatus } from "../../domain/vocabulary";
import type { BatchPlan } from "../batch-plan";
import type { IncidentEventRow } from "../schema";
import { type Db, sql, statement } from "../sql";

export interface TicketEventRecord {
	ticketId: number;
	/** The ticket's update time. */
	atIso: string;
	status: IncidentStatus;
	/** null: the incident's own (an event that only resolves it says nothing else). */
	severity: IncidentSeverity | null;
	publicNote: string | null;
	/** Whether `publicNote` is the event's own, or (false) the incident's is kept. */
	ownNote: boolean;
}

/**
 * Records a ticket event in its incident's timeline, after the incident's own statements in the
 * same batch (so that the ticket's first event finds the incident it created). Events of one
 * update time merge as the incident's do (ticket-incident.ts): a close over an open, then the
 * greater (severity, note, status) as text, in any arrival order. A stale event is recorded all
 * the same: it belongs in the history.
 */
export interface IncidentEventResult {
	/** Whether the event joined the timeline (false: one of its update time that outranks it was there). */
	recorded: boolean;
	/** The incident's status after it: its latest event's. */
	status: IncidentStatus | null;
}

export function incidentEventPlan(db: Db, event: TicketEventRecord): BatchPlan<IncidentEventResult> {
	const incident = sql`FROM status_incidents WHERE freescout_ticket_id = ${event.ticketId}`;
	const severity = event.severity === null ? sql`(SELECT severity ${incident})` : sql`${event.severity}`;
	const note = event.ownNote ? sql`${event.publicNote}` : sql`(SELECT public_note ${incident})`;
	// Deleted and inserted, not updated: the public data version moves on inserts and deletes (0007).
	const outranked = sql`DELETE FROM status_incident_events
		WHERE incident_id = (SELECT id ${incident}) AND at = ${event.atIso}
			AND (${event.status} = 'resolved', ${severity}, coalesce(${note}, ''), ${event.status})
				> (status = 'resolved', severity, coalesce(public_note, ''), status)`;
	const insert = sql`INSERT INTO status_incident_events (incident_id, at, status, severity, public_note)
		SELECT id, ${event.atIso}, ${event.status}, ${severity}, ${note}
		${incident}
		ON CONFLICT (incident_id, at) DO NOTHING
		RETURNING id`;
	const latest = sql`SELECT status FROM status_incident_events
		WHERE incident_id = (SELECT id FROM status_incidents WHERE freescout_ticket_id = ${event.ticketId})
		ORDER BY at DESC LIMIT 1`;
	return {
		statements: [statement(db, outranked), statement(db, insert), statement(db, latest)],
		read: ([, inserted, latestResult]) => ({
			// Counted from RETURNING: D1's meta.changes also counts the rows its triggers touch.
			recorded: (inserted?.results.length ?? 0) > 0,
			status: (latestResult?.results[0] as Pick<IncidentEventRow, "status"> | undefined)?.status ?? null,
		}),
	};
}
