import { z } from "@hono/zod-openapi";
import { HEALTH_WORDS } from "../../domain/overall-status";
import { SurfaceId } from "../shared/schemas";

export const SurfaceParamsSchema = z.object({
	id: SurfaceId.openapi({ param: { name: "id", in: "path" } }),
});

export const ShieldsResponseSchema = z
	.object({
		schemaVersion: z.literal(1),
		label: z.string(),
		message: z.string().openapi({ example: "operational" }),
		color: z.string().openapi({ example: "brightgreen" }),
	})
	.openapi("ShieldsEndpoint");

export const HealthResponseSchema = z
	.object({
		status: z.enum(HEALTH_WORDS).openapi({ description: "The overall status's health word (docs/api.md)" }),
		down: z.array(z.object({ id: z.string(), name: z.string() })),
		generated_at: z.string(),
	})
	.openapi("Health");
export type HealthAnswer = z.infer<typeof HealthResponseSchema>;
