import { z } from "@hono/zod-openapi";
import { PARTIAL_OUTAGE_WEIGHT } from "../../domain/uptime/daily-history";
import { INCIDENTS_PER_DAY } from "../../domain/uptime/history-report";
import { MAX_HISTORY_DAYS } from "../../domain/uptime/history-window";
import type { SurfaceState } from "../../domain/vocabulary";
import { SurfaceId, SurfaceStateEnum } from "../shared/schemas";

// Other parameters are ignored, as every public read ignores them (a cache-buster is no new answer).
export const UptimeQuerySchema = z.object({
	days: z
		.string()
		.regex(/^[1-9]\d?$/, `must be a whole number of days from 1 to ${MAX_HISTORY_DAYS}`)
		.transform(Number)
		.refine((days) => days <= MAX_HISTORY_DAYS, { message: `must be at most ${MAX_HISTORY_DAYS}` })
		.optional()
		.openapi({
			description: `Calendar days of the page's zone, today included (default ${MAX_HISTORY_DAYS})`,
			example: "90",
		}),
	surface: SurfaceId.optional().openapi({ description: "Narrow the answer to one surface (unknown id: 404)" }),
});

const Seconds = z.number().nonnegative();
const StateSecondsSchema = z
	.object({
		OPERATIONAL: Seconds,
		DEGRADED: Seconds,
		PARTIAL: Seconds,
		DOWN: Seconds,
		MAINTENANCE: Seconds,
		UNKNOWN: Seconds,
	} satisfies Record<SurfaceState, typeof Seconds>)
	.openapi("StateSeconds", {
		description: "Seconds spent in each state (milliseconds are kept: a value may have three decimals).",
	});

const UptimeFraction = z
	.number()
	.min(0)
	.max(1)
	.nullable()
	.openapi({
		description: `1 - (DOWN + ${PARTIAL_OUTAGE_WEIGHT} x PARTIAL) / (seconds in OPERATIONAL, DEGRADED, PARTIAL or DOWN); null when there are none.`,
		example: 0.99931,
	});

const UptimeDaySchema = z.object({
	date: z.string().openapi({ example: "2026-11-20" }),
	worst: z.union([SurfaceStateEnum, z.null()]).openapi({
		description: "The worst state held at any moment of the day; null: no data",
	}),
	uptime: UptimeFraction,
	seconds: StateSecondsSchema,
	incidents: z.array(z.string()).openapi({
		description: `Public ids of the incidents open at any time of the day, oldest first: at most ${INCIDENTS_PER_DAY}, the latest opened`,
	}),
	incidents_unlisted: z
		.number()
		.int()
		.openapi({ description: "How many more incidents were open that day than `incidents` lists" }),
});

const WindowFiguresSchema = z.object({ uptime: UptimeFraction, seconds: StateSecondsSchema });

export const UptimeResponseSchema = z
	.object({
		time_zone: z.string().openapi({ example: "UTC" }),
		from: z.string().openapi({ description: "The first instant of the first day" }),
		to: z.string().openapi({ description: "Now: today runs to here" }),
		generated_at: z.string(),
		page: WindowFiguresSchema.openapi({
			description: "The whole page over the window: its uptime is the mean of its surfaces' uptimes that are not null",
		}),
		groups: z.array(
			WindowFiguresSchema.extend({ group: z.string() }).openapi({
				description: "Each group over the window: its uptime is the mean of its surfaces' uptimes that are not null",
			}),
		),
		surfaces: z.array(
			WindowFiguresSchema.extend({
				id: z.string(),
				name: z.string(),
				group: z.string(),
				days: z
					.array(UptimeDaySchema)
					.openapi({ description: "One per calendar day of the page's zone, oldest first" }),
			}),
		),
	})
	.openapi("UptimeHistory");
export type UptimeAnswer = z.infer<typeof UptimeResponseSchema>;

export const RebuildUptimeQuerySchema = z.strictObject({
	restart: z
		.enum(["true", "false"])
		.optional()
		.openapi({ description: "true forgets the zone's rollup first: the first call of a rebuild" }),
});

export const RebuildUptimeResponseSchema = z
	.object({
		time_zone: z.string(),
		dates: z.array(z.string()).openapi({ description: "The days this call folded, oldest first" }),
		folded_through: z.string().nullable().openapi({ description: "Where the rollup ends now" }),
		up_to_date: z.boolean().openapi({ description: "false: call again (without restart) to fold the next days" }),
	})
	.openapi("RebuildUptimeResponse");
