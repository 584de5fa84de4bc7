import { type SQL, sql } from "drizzle-orm";
import type { IncidentSeverity } from "../domain/vocabulary";
import type { BatchPlan } from "./batch-plan";
import { type Db, statement } from "./client";
import { incidentFromRaw, type RawIncidentRow } from "./incident-rows";
import type { IncidentRow } from "./schema";

export interface TicketIncidentWrite {
	ticketId: number;
	surfaceId: string;
	severity: IncidentSeverity;
	publicNote: string | null;
	openedAtIso: string;
	/** null while the ticket is open. */
	resolvedAtIso: string | null;
	/** The ticket's update time; an event older than the one last applied changes nothing. */
	ticketUpdatedAtIso: string;
}

export interface TicketIncidentResult {
	before: IncidentRow | null;
	after: IncidentRow | null;
}

/** Reads a plan's first (before) and last (after) selects of the ticket's incident. */
function readBeforeAndAfter([before, , after]: D1Result[]): TicketIncidentResult {
	const beforeRow = before?.results[0] as RawIncidentRow | undefined;
	const afterRow = after?.results[0] as RawIncidentRow | undefined;
	return {
		before: beforeRow ? incidentFromRaw(beforeRow) : null,
		after: afterRow ? incidentFromRaw(afterRow) : null,
	};
}

const selectByTicket = (ticketId: number) =>
	sql`SELECT * FROM status_incidents WHERE freescout_ticket_id = ${ticketId}`;

/**
 * The ticket's one incident (freescout_ticket_id is UNIQUE): created on its first event, then
 * replaced by each event at least as new as the last one applied. opened_at only ever moves back
 * (a reopened ticket keeps its incident and its first opening).
 */
export function ticketIncidentPlan(db: Db, write: TicketIncidentWrite): BatchPlan<TicketIncidentResult> {
	const upsert = sql`INSERT INTO status_incidents
		(surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity, freescout_updated_at)
		VALUES (${write.surfaceId}, ${write.openedAtIso}, ${write.resolvedAtIso}, ${write.publicNote}, ${write.ticketId},
			${write.severity}, ${write.ticketUpdatedAtIso})
		ON CONFLICT (freescout_ticket_id) DO UPDATE SET
			surface_id = excluded.surface_id,
			opened_at = min(status_incidents.opened_at, excluded.opened_at),
			resolved_at = excluded.resolved_at,
			public_note = excluded.public_note,
			severity = excluded.severity,
			freescout_updated_at = excluded.freescout_updated_at
		WHERE status_incidents.freescout_updated_at IS NULL
			OR excluded.freescout_updated_at >= status_incidents.freescout_updated_at`;
	return {
		statements: [selectByTicket(write.ticketId), upsert, selectByTicket(write.ticketId)].map((query) =>
			statement(db, query),
		),
		read: readBeforeAndAfter,
	};
}

export async function findIncidentByTicket(db: Db, ticketId: number): Promise<IncidentRow | null> {
	const { results } = await statement(db, selectByTicket(ticketId)).all<RawIncidentRow>();
	return results[0] ? incidentFromRaw(results[0]) : null;
}

/** Resolves the ticket's incident (a snapshot that no longer names a component), if not stale. */
export function resolveTicketIncidentPlan(
	db: Db,
	ticketId: number,
	ticketUpdatedAtIso: string,
): BatchPlan<TicketIncidentResult> {
	const resolve = sql`UPDATE status_incidents
		SET resolved_at = coalesce(resolved_at, ${ticketUpdatedAtIso}), freescout_updated_at = ${ticketUpdatedAtIso}
		WHERE freescout_ticket_id = ${ticketId}
			AND (freescout_updated_at IS NULL OR ${ticketUpdatedAtIso} >= freescout_updated_at)`;
	return {
		statements: [selectByTicket(ticketId), resolve, selectByTicket(ticketId)].map((query) => statement(db, query)),
		read: readBeforeAndAfter,
	};
}

/** True inside the batch once the ticket's incident carries this event's update time (it was not stale). */
export function ticketEventApplied(ticketId: number, ticketUpdatedAtIso: string): SQL {
	return sql`EXISTS (SELECT 1 FROM status_incidents
		WHERE freescout_ticket_id = ${ticketId} AND freescout_updated_at = ${ticketUpdatedAtIso})`;
}
