import type { IncidentSeverity } from "../../domain/vocabulary";
import type { BatchPlan } from "../batch-plan";
import type { IncidentRow } from "../schema";
import { type Db, type SQL, sql, statement } from "../sql";
import { incidentFromRaw, PUBLIC_TITLE_COLUMN, type RawIncidentRow } from "./rows";

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
function readBeforeAndAfter(results: D1Result[]): TicketIncidentResult {
	const beforeRow = results[0]?.results[0] as RawIncidentRow | undefined;
	const afterRow = results.at(-1)?.results[0] as RawIncidentRow | undefined;
	return {
		before: beforeRow ? incidentFromRaw(beforeRow) : null,
		after: afterRow ? incidentFromRaw(afterRow) : null,
	};
}

/**
 * Of two events of one ticket update time, the one that stands: a close over an open, then the
 * greater (severity, note, surface) as text - arbitrary, but the same in any arrival order. The
 * timeline's events merge alike (events.ts), with the status in place of the surface.
 */
const STORED_PRECEDENCE = sql`(resolved_at IS NOT NULL, severity, coalesce(public_note, ''), surface_id)`;

const TITLE: SQL = { text: PUBLIC_TITLE_COLUMN, params: [] };

const selectByTicket = (ticketId: number) =>
	sql`SELECT *, ${TITLE} FROM status_incidents WHERE freescout_ticket_id = ${ticketId}`;

/**
 * The ticket's one incident (freescout_ticket_id is UNIQUE): created on its first event, then
 * replaced by each event newer than the last one applied. Events of one update time (FreeScout's
 * times are seconds: a ticket opened and closed within one second) merge by STORED_PRECEDENCE,
 * whatever order they arrive in, so deliveries cannot flip an incident back and forth without the
 * ticket moving on. opened_at only ever moves back (a reopened ticket keeps its incident and its
 * first opening).
 */
export function ticketIncidentPlan(db: Db, write: TicketIncidentWrite): BatchPlan<TicketIncidentResult> {
	const update = sql`UPDATE status_incidents SET
			surface_id = ${write.surfaceId},
			opened_at = min(opened_at, ${write.openedAtIso}),
			resolved_at = ${write.resolvedAtIso},
			public_note = ${write.publicNote},
			severity = ${write.severity},
			freescout_updated_at = ${write.ticketUpdatedAtIso}
		WHERE freescout_ticket_id = ${write.ticketId}
			AND (freescout_updated_at IS NULL OR ${write.ticketUpdatedAtIso} > freescout_updated_at
				OR (${write.ticketUpdatedAtIso} = freescout_updated_at
					AND (${write.resolvedAtIso === null ? 0 : 1}, ${write.severity}, ${write.publicNote ?? ""}, ${write.surfaceId})
						> ${STORED_PRECEDENCE}))`;
	// Not an upsert: on an AUTOINCREMENT table an INSERT that turns into an update still takes a
	// rowid, so public ids (inc_NNNNN) would skip one per repeated delivery and tell how many came.
	const insert = sql`INSERT INTO status_incidents
		(surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity, freescout_updated_at)
		SELECT ${write.surfaceId}, ${write.openedAtIso}, ${write.resolvedAtIso}, ${write.publicNote}, ${write.ticketId},
			${write.severity}, ${write.ticketUpdatedAtIso}
		WHERE NOT EXISTS (SELECT 1 FROM status_incidents WHERE freescout_ticket_id = ${write.ticketId})`;
	return {
		statements: [selectByTicket(write.ticketId), update, insert, selectByTicket(write.ticketId)].map((query) =>
			statement(db, query),
		),
		read: readBeforeAndAfter,
	};
}

export async function findIncidentByTicket(db: Db, ticketId: number): Promise<IncidentRow | null> {
	const { results } = await statement(db, selectByTicket(ticketId)).all<RawIncidentRow>();
	return results[0] ? incidentFromRaw(results[0]) : null;
}

/**
 * Resolves the ticket's incident (a snapshot that no longer names a component), if not stale: at
 * the update time last applied too, when that left it open (a close wins).
 */
export function resolveTicketIncidentPlan(
	db: Db,
	ticketId: number,
	ticketUpdatedAtIso: string,
): BatchPlan<TicketIncidentResult> {
	const resolve = sql`UPDATE status_incidents
		SET resolved_at = coalesce(resolved_at, ${ticketUpdatedAtIso}), freescout_updated_at = ${ticketUpdatedAtIso}
		WHERE freescout_ticket_id = ${ticketId}
			AND (freescout_updated_at IS NULL OR ${ticketUpdatedAtIso} > freescout_updated_at
				OR (${ticketUpdatedAtIso} = freescout_updated_at AND resolved_at IS NULL))`;
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

/**
 * The ticket's public title (null: the field is blank, the generated title stands), written by an
 * event that the ticket's incident now carries (not a stale one), after the incident's own write
 * in the same batch. Events of one update time keep the greater title, in any arrival order; a
 * blank title on an incident that never had one writes nothing. Reads the title stored after it.
 */
export function ticketTitlePlan(
	db: Db,
	write: { ticketId: number; title: string | null; ticketUpdatedAtIso: string },
): BatchPlan<string | null> {
	const upsert = sql`INSERT INTO status_incident_titles (incident_id, title, ticket_updated_at)
		SELECT i.id, ${write.title}, ${write.ticketUpdatedAtIso} FROM status_incidents AS i
		WHERE i.freescout_ticket_id = ${write.ticketId} AND i.freescout_updated_at = ${write.ticketUpdatedAtIso}
			AND (${write.title} IS NOT NULL OR EXISTS (SELECT 1 FROM status_incident_titles AS t WHERE t.incident_id = i.id))
		ON CONFLICT (incident_id) DO UPDATE SET title = excluded.title, ticket_updated_at = excluded.ticket_updated_at
		WHERE excluded.ticket_updated_at > status_incident_titles.ticket_updated_at
			OR (excluded.ticket_updated_at = status_incident_titles.ticket_updated_at
				AND coalesce(excluded.title, '') > coalesce(status_incident_titles.title, ''))`;
	const stored = sql`SELECT t.title FROM status_incident_titles AS t
		JOIN status_incidents AS i ON i.id = t.incident_id WHERE i.freescout_ticket_id = ${write.ticketId}`;
	return {
		statements: [statement(db, upsert), statement(db, stored)],
		read: (results) => (results[1]?.results[0] as { title: string | null } | undefined)?.title ?? null,
	};
}
