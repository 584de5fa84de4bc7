import { type BatchPlan, runBatch } from "../db/batch-plan";
import { incidentEventPlan, type TicketEventRecord } from "../db/incidents/events";
import { incidentOutboxEntry } from "../db/incidents/outbox";
import {
	findIncidentByTicket,
	resolveTicketIncidentPlan,
	type TicketIncidentResult,
	ticketEventApplied,
	ticketIncidentPlan,
	ticketTitlePlan,
} from "../db/incidents/ticket-incident";
import { outboxPlans, type SettledEvent } from "../db/notifications/outbox";
import { roundTrip } from "../db/round-trip";
import type { IncidentRow, SurfaceStateRow } from "../db/schema";
import type { Db } from "../db/sql";
import { freescoutSurfacePlan } from "../db/surfaces/freescout-sync";
import { DomainError } from "../domain/errors";
import { parseIncidentSeverity } from "../domain/incident-severity";
import { incidentStatusOf } from "../domain/incident-status";
import type { Hold } from "../domain/precedence";
import { publicTextProblem } from "../domain/public-text";
import { type TicketSnapshot, ticketTimesProblem } from "../domain/ticket-snapshot";
import { INCIDENT_TITLE_MAX_LENGTH, type IncidentStatus } from "../domain/vocabulary";
import { findSurfaceByReference } from "../surfaces/registry";

export type TicketEventOutcome =
	| { outcome: "ignored"; reason: "no_component" }
	| {
			outcome: "stale";
			reason: "older_than_last_applied" | "same_time_as_last_applied";
			incident: IncidentRow;
			status: IncidentStatus;
			/** Whether the event joined the incident's timeline (an older one does; a same-time one does not). */
			recorded: boolean;
	  }
	| {
			outcome: "applied";
			incident: IncidentRow;
			status: IncidentStatus;
			/** The ticket's surface after the event; a manual hold may have kept its state. */
			surface: SurfaceStateRow | null;
			surfaceChanged: boolean;
			heldBy: Hold | null;
			/** What subscribers are told: the incident's event, if it changed what they see. */
			event: SettledEvent | null;
	  };

const NO_TITLE_PLAN: BatchPlan<null> = { statements: [], read: () => null };

/**
 * Applies one helpdesk ticket event: the ticket's incident, its timeline and its surface change
 * together in one D1 batch. Repeated deliveries change nothing; an event older than the last one
 * applied to the ticket changes no current state, but joins the incident's timeline. Times past the
 * Worker's clock (`now`) or out of order are refused before anything is read.
 */
export async function applyTicketEvent(db: Db, ticket: TicketSnapshot, now: Date): Promise<TicketEventOutcome> {
	const timesProblem = ticketTimesProblem(ticket, now);
	if (timesProblem) throw new DomainError(timesProblem.code, timesProblem.message);
	const nowIso = now.toISOString();
	const ticketUpdatedAtIso = ticket.updatedAt.toISOString();
	const verb = ticket.open ? "open" : "resolved";
	const auditNote = `ticket #${ticket.ticketNumber ?? ticket.ticketId} ${verb} (${ticket.event})`;

	let incidentPlan: BatchPlan<TicketIncidentResult>;
	let timelineEvent: TicketEventRecord;
	let surfaceId: string;
	/** What the event says the incident is: compared with the stored one when they are as old. */
	let says: (incident: IncidentRow) => boolean;
	if (ticket.component === null) {
		// No component: not an incident, unless the ticket was one and no longer names its surface.
		const existing = await roundTrip(() => findIncidentByTicket(db, ticket.ticketId));
		if (existing === null) return { outcome: "ignored", reason: "no_component" };
		surfaceId = existing.surfaceId;
		incidentPlan = resolveTicketIncidentPlan(db, ticket.ticketId, ticketUpdatedAtIso);
		timelineEvent = {
			ticketId: ticket.ticketId,
			atIso: ticketUpdatedAtIso,
			status: "resolved",
			severity: null,
			publicNote: null,
			ownNote: false,
		};
		says = (incident) => incident.resolvedAt !== null;
	} else {
		const surface = findSurfaceByReference(ticket.component);
		if (!surface) {
			throw new DomainError(
				"unknown_surface",
				`The ticket's component '${ticket.component}' is not a registered surface.`,
			);
		}
		const noteProblem = ticket.publicNote === null ? null : publicTextProblem(ticket.publicNote);
		if (noteProblem) {
			throw new DomainError("invalid_public_text", `The ticket's public note ${noteProblem}; nothing was recorded.`);
		}
		const titleProblem =
			ticket.publicTitle === null ? null : publicTextProblem(ticket.publicTitle, INCIDENT_TITLE_MAX_LENGTH);
		if (titleProblem) {
			throw new DomainError("invalid_public_text", `The ticket's public title ${titleProblem}; nothing was recorded.`);
		}
		const severity = parseIncidentSeverity(ticket.severity);
		if (!severity) {
			throw new DomainError(
				"unknown_severity",
				`The ticket's severity '${ticket.severity}' is none of degraded, partial, down, maintenance.`,
			);
		}
		const status = incidentStatusOf(ticket.status, ticket.open);
		if (!status) {
			throw new DomainError(
				"unknown_incident_status",
				`The ticket's incident status '${ticket.status}' is none of investigating, identified, monitoring, resolved.`,
			);
		}
		surfaceId = surface.id;
		timelineEvent = {
			ticketId: ticket.ticketId,
			atIso: ticketUpdatedAtIso,
			status,
			severity,
			publicNote: ticket.publicNote,
			ownNote: true,
		};
		says = (incident) =>
			incident.surfaceId === surface.id &&
			incident.severity === severity &&
			incident.publicNote === ticket.publicNote &&
			(incident.resolvedAt === null) === ticket.open;
		incidentPlan = ticketIncidentPlan(db, {
			ticketId: ticket.ticketId,
			surfaceId,
			severity,
			publicNote: ticket.publicNote,
			openedAtIso: (ticket.createdAt ?? ticket.updatedAt).toISOString(),
			resolvedAtIso: ticket.open ? null : ticketUpdatedAtIso,
			ticketUpdatedAtIso,
		});
	}

	// A stale event changes nothing, not even the surface it names: the ticket may have moved on.
	const surfacePlan = freescoutSurfacePlan(
		db,
		surfaceId,
		auditNote,
		nowIso,
		ticketEventApplied(ticket.ticketId, ticketUpdatedAtIso),
	);
	const outbox = outboxPlans(db, incidentOutboxEntry(ticket.ticketId, nowIso));
	// A ticket that no longer names a component keeps its incident's title.
	const titlePlan =
		ticket.component === null
			? null
			: ticketTitlePlan(db, {
					ticketId: ticket.ticketId,
					title: ticket.publicTitle,
					ticketUpdatedAtIso,
				});
	const [, incident, title, timeline, surface, event] = await runBatch(
		db,
		outbox.draft,
		incidentPlan,
		titlePlan ?? NO_TITLE_PLAN,
		incidentEventPlan(db, timelineEvent),
		surfacePlan,
		outbox.settle,
	);
	const { before } = incident;
	if (incident.after === null) throw new Error(`incident of ticket ${ticket.ticketId} missing after its event`);
	const after = titlePlan === null ? incident.after : { ...incident.after, publicTitle: title };
	const status = timeline.status ?? timelineEvent.status;

	if (before?.freescoutUpdatedAt && before.freescoutUpdatedAt > ticketUpdatedAtIso) {
		return {
			outcome: "stale",
			reason: "older_than_last_applied",
			incident: after,
			status,
			recorded: timeline.recorded,
		};
	}
	// At the update time last applied, the event stands only if it outranked the stored one.
	if (before?.freescoutUpdatedAt === ticketUpdatedAtIso && !says(after)) {
		return {
			outcome: "stale",
			reason: "same_time_as_last_applied",
			incident: after,
			status,
			recorded: timeline.recorded,
		};
	}
	if (before && before.surfaceId !== after.surfaceId) {
		// The ticket moved to another component: its old surface loses the incident. Recomputing
		// is idempotent, so this second batch is safe against concurrent events.
		await runBatch(db, freescoutSurfacePlan(db, before.surfaceId, auditNote, nowIso));
	}
	return {
		outcome: "applied",
		incident: after,
		status,
		surface: surface.surface,
		surfaceChanged: surface.transition.changed || surface.ticketPendingSynced,
		heldBy: surface.transition.blockingHold,
		event,
	};
}
