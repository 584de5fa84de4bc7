import type { IncidentRow } from "../../db/schema";
import { publicIncidentId, publicUpdateId } from "../../domain/incident-id";
import type { IncidentStatus } from "../../domain/vocabulary";
import { incidentName } from "../../surfaces/incident-title";
import { surfaceName } from "../../surfaces/registry";
import type { TicketEventOutcome } from "../../verbs/apply-ticket-event";
import type { IncidentWithTimeline } from "../../verbs/list-incidents";
import { toInternalSurface } from "../surfaces/presenters";

// Public shapes never carry ticket ids, actors or tokens.

export function toPublicIncident(row: IncidentRow, status: IncidentStatus) {
	return {
		id: publicIncidentId(row.id),
		title: incidentName(row),
		surface_id: row.surfaceId,
		surface_name: surfaceName(row.surfaceId),
		severity: row.severity,
		status,
		opened_at: row.openedAt,
		resolved_at: row.resolvedAt,
		public_note: row.publicNote,
	};
}

export function toPublicIncidentWithTimeline({ incident, status, updates }: IncidentWithTimeline) {
	return {
		...toPublicIncident(incident, status),
		updates: updates.map((update) => ({
			id: publicUpdateId(update.incidentId, update.at),
			status: update.status,
			severity: update.severity,
			public_note: update.publicNote,
			at: update.at,
		})),
	};
}

export function toTicketEventAnswer(outcome: TicketEventOutcome) {
	switch (outcome.outcome) {
		case "ignored":
			return { outcome: outcome.outcome, reason: outcome.reason, incident: null, surface: null };
		case "stale":
			return {
				outcome: outcome.outcome,
				reason: outcome.reason,
				incident: toPublicIncident(outcome.incident, outcome.status),
				recorded_in_timeline: outcome.recorded,
				surface: null,
			};
		case "applied":
			return {
				outcome: outcome.outcome,
				incident: toPublicIncident(outcome.incident, outcome.status),
				surface: outcome.surface ? toInternalSurface(outcome.surface) : null,
				surface_changed: outcome.surfaceChanged,
				held_by: outcome.heldBy,
			};
	}
}
