import { z } from "@hono/zod-openapi";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from "../../domain/vocabulary";
import { MAX_LISTED_UPDATES } from "../../verbs/list-incidents";
import { HoldEnum, IncidentId } from "../shared/schemas";
import { InternalSurfaceSchema } from "../surfaces/schemas";

const IncidentStatusEnum = z.enum(INCIDENT_STATUSES).openapi("IncidentStatus", {
	description: "Where an incident stands (Statuspage's words): its latest update's status",
});

export const IncidentUpdateSchema = z
	.object({
		id: z.string().openapi({ example: "upd_00042_20261126T180000000Z" }),
		status: IncidentStatusEnum,
		severity: z.enum(INCIDENT_SEVERITIES),
		public_note: z.string().nullable(),
		at: z.string().openapi({ description: "The helpdesk ticket's update time" }),
	})
	.openapi("IncidentUpdate");

const incidentFields = {
	id: IncidentId,
	surface_id: z.string(),
	surface_name: z.string(),
	severity: z.enum(INCIDENT_SEVERITIES),
	status: IncidentStatusEnum,
	opened_at: z.string(),
	resolved_at: z.string().nullable().openapi({ description: "null while the incident is open" }),
	public_note: z.string().nullable(),
};

export const PublicIncidentSchema = z
	.object({
		...incidentFields,
		updates: z.array(IncidentUpdateSchema).openapi({
			description: `Newest first: each change of status, severity or note. At most ${MAX_LISTED_UPDATES} in a list (the newest); GET /api/status/public/incidents/{id} has them all.`,
		}),
	})
	.openapi("PublicIncident");

export const PublicIncidentsResponseSchema = z
	.object({ incidents: z.array(PublicIncidentSchema), generated_at: z.string() })
	.openapi("PublicIncidentsResponse");

export const IncidentParamsSchema = z.object({
	id: IncidentId.openapi({ param: { name: "id", in: "path" }, description: "The public id, inc_NNNNN" }),
});

export const PublicIncidentResponseSchema = z
	.object({ incident: PublicIncidentSchema, generated_at: z.string() })
	.openapi("PublicIncidentResponse");

/** The incident a ticket event left, as the webhook answers it (no timeline). */
const TicketIncidentSchema = z.object(incidentFields).openapi("TicketIncident");

export const TicketEventResponseSchema = z
	.object({
		outcome: z.enum(["applied", "stale", "ignored"]).openapi({
			description:
				"applied: the event is the ticket's newest; stale: older than the last one applied (ignored); ignored: not an incident (no component, or not a ticket event)",
		}),
		reason: z.string().optional(),
		incident: TicketIncidentSchema.nullable(),
		recorded_in_timeline: z.boolean().optional().openapi({
			description: "stale only: whether the event joined the incident's timeline (an older event does)",
		}),
		surface: z.union([InternalSurfaceSchema, z.null()]),
		surface_changed: z.boolean().optional(),
		held_by: HoldEnum.nullable().optional(),
	})
	.openapi("TicketEventResponse");

export type PublicIncidentsAnswer = z.infer<typeof PublicIncidentsResponseSchema>;
export type PublicIncidentAnswer = z.infer<typeof PublicIncidentSchema>;
export type PublicIncidentResponse = z.infer<typeof PublicIncidentResponseSchema>;
export type TicketEventAnswer = z.infer<typeof TicketEventResponseSchema>;
