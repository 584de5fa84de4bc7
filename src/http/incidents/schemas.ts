import { z } from "@hono/zod-openapi";
import { storedInstantText } from "../../domain/instants";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES } from "../../domain/vocabulary";
import { INCIDENT_UPDATES_PER_PAGE, MAX_LISTED_INCIDENTS, MAX_LISTED_UPDATES } from "../../verbs/list-incidents";
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
	title: z.string().openapi({
		description:
			'The helpdesk ticket\'s public title when it gives one (FREESCOUT_TITLE_FIELD), else generated from the surface and severity ("Plaid: major outage"); the same on the page, in the feeds, Statuspage JSON and notifications',
	}),
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
			description: `Newest first: each change of status, severity or note. At most ${MAX_LISTED_UPDATES} in a list (the newest); GET /api/status/public/incidents/{id} pages through them all, ${INCIDENT_UPDATES_PER_PAGE} a page.`,
		}),
	})
	.openapi("PublicIncident");

export const PublicIncidentsResponseSchema = z
	.object({
		incidents: z.array(PublicIncidentSchema).openapi({
			description: `Newest first, at most ${MAX_LISTED_INCIDENTS}: the open ones first (the latest opened), then the latest resolved`,
		}),
		unlisted: z
			.object({
				open: z.number().int().openapi({ description: "Open incidents the list leaves out" }),
				resolved: z
					.number()
					.int()
					.openapi({ description: "Incidents opened or resolved in the last 30 days the list leaves out" }),
			})
			.openapi({ description: "How many incidents the list leaves out" }),
		generated_at: z.string(),
	})
	.openapi("PublicIncidentsResponse");

export const IncidentParamsSchema = z.object({
	id: IncidentId.openapi({ param: { name: "id", in: "path" }, description: "The public id, inc_NNNNN" }),
});

/** A page cursor: the time of an update of the incident, exactly as the answers write it. */
export const UpdatesCursorSchema = z
	.string()
	.max(24)
	.refine((text) => storedInstantText(text) !== null, {
		message: "must be an update's `at` as answered (YYYY-MM-DDTHH:MM:SS.sssZ)",
	});

export const IncidentQuerySchema = z.object({
	before: UpdatesCursorSchema.optional().openapi({
		param: { name: "before", in: "query" },
		description: `The updates older than this one (an update's \`at\`, as in \`older_updates\`), ${INCIDENT_UPDATES_PER_PAGE} at most; one that names no update of the incident is 400`,
		example: "2026-11-26T18:00:00.000Z",
	}),
});

export const PublicIncidentResponseSchema = z
	.object({
		incident: PublicIncidentSchema,
		older_updates: z
			.string()
			.nullable()
			.openapi({
				description: `The path of the next page of older updates (${INCIDENT_UPDATES_PER_PAGE} a page), null when none remain`,
				example: "/api/status/public/incidents/inc_00042?before=2026-11-26T18:00:00.000Z",
			}),
		generated_at: z.string(),
	})
	.openapi("PublicIncidentResponse");

/** The incident a ticket event left, as the webhook answers it (no timeline). */
const TicketIncidentSchema = z.object(incidentFields).openapi("TicketIncident");

export const TicketEventResponseSchema = z
	.object({
		outcome: z.enum(["applied", "stale", "ignored"]).openapi({
			description:
				"applied: the event is the ticket's newest; stale: older than the last one applied, or as old and outranked by it (a close outranks an open); ignored: not an incident (no component, or not a ticket event)",
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
