import { z } from "@hono/zod-openapi";
import { LISTED_WINDOWS_PER_STATUS, MAX_WINDOW_DAYS, MAX_WINDOW_MS } from "../../domain/maintenance-window";
import { MAINTENANCE_STATUSES, MAINTENANCE_TITLE_MAX_LENGTH } from "../../domain/vocabulary";
import { SURFACES } from "../../surfaces/registry";
import {
	Actor,
	Instant,
	MaintenanceId,
	MaintenanceKey,
	Notify,
	PUBLIC_TEXT_RULE_TEXT,
	PublicNote,
	publicText,
	WrittenSurfaceId,
} from "../shared/schemas";

const MaintenanceStatusEnum = z.enum(MAINTENANCE_STATUSES).openapi("MaintenanceStatus");

export const MaintenanceKeyParamsSchema = z.object({
	key: MaintenanceKey.openapi({
		param: { name: "key", in: "path" },
		description: "The caller's key: the same key is the same window (idempotent)",
	}),
});

export const MaintenanceBodySchema = z
	.strictObject({
		title: publicText(MAINTENANCE_TITLE_MAX_LENGTH).openapi({
			example: "Database upgrade",
			description: `At most ${MAINTENANCE_TITLE_MAX_LENGTH} characters, ${PUBLIC_TEXT_RULE_TEXT}.`,
		}),
		public_note: PublicNote.optional().openapi({ description: "Shown on the page; omitted means none." }),
		surface_ids: z
			.array(WrittenSurfaceId)
			.min(1)
			.max(SURFACES.length)
			.refine((ids) => new Set(ids).size === ids.length, { message: "must not repeat a surface" })
			.openapi({ example: ["orders", "positions"] }),
		starts_at: Instant,
		ends_at: Instant,
		actor: Actor.optional().openapi({ description: "Who announces it, for the audit log (default ops)" }),
		notify: Notify,
	})
	.refine((body) => Date.parse(body.ends_at) > Date.parse(body.starts_at), {
		path: ["ends_at"],
		message: "must be after starts_at",
	})
	.refine((body) => Date.parse(body.ends_at) - Date.parse(body.starts_at) <= MAX_WINDOW_MS, {
		path: ["ends_at"],
		message: `a window lasts at most ${MAX_WINDOW_DAYS} days`,
	})
	.openapi("MaintenanceRequest");

const MaintenanceSchema = z
	.object({
		id: MaintenanceId,
		key: z.string(),
		title: z.string(),
		public_note: z.string().nullable(),
		surface_ids: z.array(z.string()),
		starts_at: z.string(),
		ends_at: z.string(),
		status: MaintenanceStatusEnum,
		missed: z.boolean().openapi({ description: "Completed while the cron did not run: no surface changed" }),
		started_at: z.string().nullable(),
		ended_at: z.string().nullable(),
	})
	.openapi("Maintenance");

export const MaintenanceResponseSchema = z
	.object({
		outcome: z.enum(["created", "unchanged", "replaced", "shortened", "cancelled", "already_cancelled"]),
		maintenance: MaintenanceSchema,
	})
	.openapi("MaintenanceResponse");

export const PublicMaintenanceSchema = z
	.object({
		id: MaintenanceId,
		title: z.string(),
		public_note: z.string().nullable(),
		surfaces: z.array(z.object({ id: z.string(), name: z.string() })),
		starts_at: z.string(),
		ends_at: z.string(),
		status: MaintenanceStatusEnum,
		missed: z.boolean().openapi({
			description: "true: the window passed while the status system's scheduler did not run; nothing was switched",
		}),
		ended_at: z.string().nullable().openapi({ description: "When it completed or was cancelled" }),
	})
	.openapi("PublicMaintenance");

export const PublicMaintenancesResponseSchema = z
	.object({
		maintenances: z.array(PublicMaintenanceSchema).openapi({
			description: `At most ${LISTED_WINDOWS_PER_STATUS} windows of each status: the soonest in progress and upcoming, the latest ended`,
		}),
		unlisted: z
			.object({
				in_progress: z.number().int(),
				scheduled: z.number().int(),
				completed: z.number().int(),
				cancelled: z.number().int(),
			})
			.openapi({ description: "How many windows of each status the list leaves out" }),
		generated_at: z.string(),
	})
	.openapi("PublicMaintenancesResponse");
export type PublicMaintenancesAnswer = z.infer<typeof PublicMaintenancesResponseSchema>;
export type MaintenanceAnswer = z.infer<typeof MaintenanceResponseSchema>;
