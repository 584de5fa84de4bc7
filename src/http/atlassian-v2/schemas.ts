import { z } from "@hono/zod-openapi";
import { COMPONENT_STATUS } from "../../domain/atlassian-v2-words";
import { INCIDENT_STATUSES } from "../../domain/vocabulary";

// The Statuspage v2 shapes, for /api/openapi.json (view.ts builds them).

const Instant = z.string().openapi({ format: "date-time" });
/** A name or body: Statuspage widgets insert them as HTML, so `& < > " '` come as references. */
const HtmlText = z.string().openapi({ description: "HTML-escaped text (& < > \" ' as character references)" });
const ComponentStatusSchema = z.enum(Object.values(COMPONENT_STATUS) as [string, ...string[]]);
const MAINTENANCE_PHASES = ["scheduled", "in_progress", "completed"] as const;

const PageSchema = z
	.object({ id: z.string(), name: HtmlText, url: z.string(), time_zone: z.string(), updated_at: Instant })
	.openapi("StatuspagePage");

const ComponentSchema = z
	.object({
		id: z.string().openapi({ description: "The surface's id; a group's is group-<name>" }),
		name: HtmlText,
		status: ComponentStatusSchema,
		created_at: Instant.openapi({ description: "When the surface's state was first recorded" }),
		updated_at: Instant,
		position: z.number().int().openapi({ description: "1-based, per level (groups, then within a group)" }),
		description: z.null(),
		showcase: z.boolean(),
		start_date: z.string().nullable(),
		group_id: z.string().nullable(),
		page_id: z.string(),
		group: z.boolean(),
		only_show_if_degraded: z.boolean(),
		components: z.array(z.string()).optional().openapi({ description: "A group's surfaces' ids" }),
	})
	.openapi("StatuspageComponent");

const UpdateSchema = z
	.object({
		id: z.string(),
		status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_PHASES]),
		body: HtmlText,
		incident_id: z.string(),
		created_at: Instant,
		updated_at: Instant,
		display_at: Instant,
		affected_components: z
			.array(
				z.object({
					code: z.string(),
					name: HtmlText,
					old_status: ComponentStatusSchema,
					new_status: ComponentStatusSchema,
				}),
			)
			.nullable(),
		deliver_notifications: z.boolean(),
		custom_tweet: z.null(),
		tweet_id: z.null(),
	})
	.openapi("StatuspageIncidentUpdate");

const incidentFields = {
	id: z.string(),
	name: HtmlText,
	created_at: Instant,
	updated_at: Instant,
	monitoring_at: Instant.nullable(),
	resolved_at: Instant.nullable(),
	shortlink: z.string().openapi({ format: "uri" }),
	started_at: Instant,
	page_id: z.string(),
	incident_updates: z.array(UpdateSchema).openapi({ description: "Newest first" }),
	components: z.array(ComponentSchema),
};

const IncidentSchema = z
	.object({
		...incidentFields,
		status: z.enum(INCIDENT_STATUSES),
		impact: z.enum(["minor", "major", "maintenance"]),
	})
	.openapi("StatuspageIncident");

const MaintenanceSchema = z
	.object({
		...incidentFields,
		status: z.enum(MAINTENANCE_PHASES),
		impact: z.literal("maintenance"),
		scheduled_for: Instant,
		scheduled_until: Instant,
	})
	.openapi("StatuspageScheduledMaintenance");

const StatusSchema = z
	.object({
		indicator: z.enum(["none", "minor", "major", "critical", "maintenance"]),
		description: z.string(),
	})
	.openapi("StatuspageStatus");

export const AtlassianV2Schemas = {
	summary: z
		.object({
			page: PageSchema,
			components: z.array(ComponentSchema),
			incidents: z.array(IncidentSchema),
			scheduled_maintenances: z.array(MaintenanceSchema),
			status: StatusSchema,
		})
		.openapi("StatuspageSummary"),
	status: z.object({ page: PageSchema, status: StatusSchema }).openapi("StatuspageStatusAnswer"),
	components: z.object({ page: PageSchema, components: z.array(ComponentSchema) }).openapi("StatuspageComponents"),
	incidents: z.object({ page: PageSchema, incidents: z.array(IncidentSchema) }).openapi("StatuspageIncidents"),
	maintenances: z
		.object({ page: PageSchema, scheduled_maintenances: z.array(MaintenanceSchema) })
		.openapi("StatuspageScheduledMaintenances"),
};
