import { z } from "@hono/zod-openapi";
import { UPDATE_SURFACE_SOURCES } from "../../domain/precedence";
import { STATE_SOURCES } from "../../domain/vocabulary";
import { SURFACE_KINDS } from "../../surfaces/registry";
import { Actor, HoldEnum, Instant, Notify, PublicNote, SurfaceStateEnum, WrittenSurfaceId } from "../shared/schemas";

export const UpdateSurfaceBodySchema = z
	.strictObject({
		surface_id: WrittenSurfaceId.openapi({ example: "app-raxx-app" }),
		state: SurfaceStateEnum,
		state_source: z.enum(UPDATE_SURFACE_SOURCES).openapi({
			description: "Who is writing. FreeScout writes through its webhook, not here.",
		}),
		actor: Actor.openapi({ example: "ops" }),
		public_note: PublicNote.optional().openapi({ description: "Omitted means no note." }),
		ticket_pending: z.boolean().optional().openapi({ description: "Omitted keeps the surface's current value." }),
		maintenance_until: Instant.nullable()
			.optional()
			.openapi({ description: "Only with state MAINTENANCE: when the window ends (in the future)." }),
		notify: Notify,
	})
	.refine((body) => body.maintenance_until == null || body.state === "MAINTENANCE", {
		path: ["maintenance_until"],
		message: "may only be set when state is MAINTENANCE",
	})
	.openapi("UpdateSurfaceRequest");

export const InternalSurfaceSchema = z
	.object({
		surface_id: z.string(),
		state: SurfaceStateEnum,
		state_since: z.string(),
		state_source: z.enum(STATE_SOURCES),
		ticket_pending: z.boolean(),
		public_note: z.string().nullable(),
		last_probe_at: z.string().nullable(),
		maintenance_until: z.string().nullable(),
		updated_at: z.string(),
	})
	.openapi("InternalSurfaceState");

export const UpdateSurfaceResponseSchema = z
	.object({
		applied: z.boolean().openapi({ description: "false when a hold of a higher-precedence writer kept the state." }),
		changed: z.boolean().openapi({ description: "Whether the row changed (and an audit row was written)." }),
		held_by: HoldEnum.nullable().openapi({ description: "Why the write was not applied; null when it was." }),
		reason: HoldEnum.optional().openapi({
			deprecated: true,
			description:
				"Deprecated alias of held_by, present only when the write was not applied; removed in the next release.",
		}),
		surface: InternalSurfaceSchema,
	})
	.openapi("UpdateSurfaceResponse");

export const SeedSurfacesResponseSchema = z
	.object({ created: z.number().int(), existing: z.number().int(), total: z.number().int() })
	.openapi("SeedSurfacesResponse");

export const PublicSurfaceSchema = z
	.object({
		id: z.string(),
		name: z.string(),
		group: z.string(),
		kind: z.enum(SURFACE_KINDS),
		state: SurfaceStateEnum,
		state_since: z.string().nullable(),
		ticket_pending: z.boolean(),
		public_note: z.string().nullable(),
		maintenance_until: z.string().nullable(),
		updated_at: z.string().nullable(),
	})
	.openapi("PublicSurface");

export const PublicSurfacesResponseSchema = z
	.object({
		overall: z.object({ state: SurfaceStateEnum, description: z.string() }),
		surfaces: z.array(PublicSurfaceSchema),
		generated_at: z.string(),
	})
	.openapi("PublicSurfacesResponse");

export type UpdateSurfaceAnswer = z.infer<typeof UpdateSurfaceResponseSchema>;
export type SeedSurfacesAnswer = z.infer<typeof SeedSurfacesResponseSchema>;
export type PublicSurfacesAnswer = z.infer<typeof PublicSurfacesResponseSchema>;
export type PublicSurfaceAnswer = z.infer<typeof PublicSurfaceSchema>;
