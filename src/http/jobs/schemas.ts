import { z } from "@hono/zod-openapi";
import { JOB_HEALTHS, JOB_OUTCOMES, STALE_AFTER_CYCLES, STATUS_JOBS } from "../../domain/job-health";
import { AUTOMATED_SOURCES } from "../../domain/vocabulary";
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

export const JobStatusResponseSchema = z
	.object({
		generated_at: z.string(),
		next_run_at: z.string().openapi({
			description: "When the Cron Trigger runs the next cycle: the next minute boundary (it runs every minute)",
		}),
		jobs: z.array(
			z.object({
				job: z.enum(STATUS_JOBS),
				health: z.enum(JOB_HEALTHS).openapi({
					description: `never_run: no run recorded; stale: no run for ${STALE_AFTER_CYCLES} cycles (${STALE_AFTER_CYCLES} minutes), whatever the last outcome; else the last run's outcome`,
				}),
				last_run: z
					.object({
						started_at: z.string(),
						duration_ms: z.number().int(),
						outcome: z.enum(JOB_OUTCOMES),
						changes: z.record(z.string(), z.number()).openapi({
							description: "Counts: what the run looked at and what it changed (surfaces_changed, days_folded, ...)",
						}),
						error: z.string().nullable().openapi({ description: "Why the run failed; null when it did not" }),
					})
					.nullable(),
				last_ok_at: z.string().nullable().openapi({ description: "The start of the job's last run that succeeded" }),
			}),
		),
		failing_checks: z.array(
			z.object({
				surface_id: z.string(),
				source: z.enum(AUTOMATED_SOURCES),
				observation: z.string().openapi({ description: "FAILED (a partner page not read) or DOWN (a probe not up)" }),
				reason: z
					.string()
					.openapi({ description: "Why, readably: DNS lookup failed, connection refused, timed out, HTTP 500, ..." }),
				failing_since: z.string(),
				checks_in_a_row: z.number().int(),
				last_checked_at: z.string(),
			}),
		),
		uptime_rollup: z.object({
			time_zone: z.string(),
			folded_through: z
				.string()
				.nullable()
				.openapi({ description: "Where the rollup ends; null before the first fold" }),
			lag_ms: z.number().int().nullable().openapi({ description: "How far behind now the rollup ends" }),
			behind_ms: z
				.number()
				.int()
				.nullable()
				.openapi({ description: "How far the rollup is from where a fold may reach now (0: up to date)" }),
			up_to_date: z.boolean(),
			last_fold_failed: z.boolean(),
		}),
	})
	.openapi("JobStatusResponse");

export type JobStatusAnswer = z.infer<typeof JobStatusResponseSchema>;
