import { z } from "@hono/zod-openapi";
import { CYCLE_JOBS } from "../../verbs/apply-check-cycle";
import { HoldEnum, SurfaceStateEnum } from "../shared/schemas";

export const RunJobsResponseSchema = z
	.object({
		ran_at: z.string(),
		surfaces: z.array(
			z.object({
				surface_id: z.string(),
				job: z.enum(CYCLE_JOBS),
				saw: z.string().nullable().openapi({ description: "The check's observation: a state, or FAILED" }),
				streak: z.number().int().nullable().openapi({ description: "How many checks in a row saw it" }),
				state_before: z.union([SurfaceStateEnum, z.null()]),
				state_after: z.union([SurfaceStateEnum, z.null()]),
				changed: z.boolean(),
				held_by: HoldEnum.nullable(),
				detail: z.string(),
			}),
		),
	})
	.openapi("RunJobsResponse");

export type RunJobsAnswer = z.infer<typeof RunJobsResponseSchema>;
