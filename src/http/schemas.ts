import { z } from "@hono/zod-openapi";
import { EARLIEST_YEAR, INSTANT_RANGE_TEXT, LATEST_YEAR, supportedDate, supportedInstant } from "../domain/instants";
import { MAX_WINDOW_MS } from "../domain/maintenance-window";
import { MARKET_SESSIONS } from "../domain/market/market-clock";
import { HOLDS, UPDATE_SURFACE_SOURCES } from "../domain/precedence";
import { publicTextProblem } from "../domain/public-text";
import { PARTIAL_OUTAGE_WEIGHT } from "../domain/uptime/daily-history";
import { MAX_HISTORY_DAYS } from "../domain/uptime/history-window";
import {
	INCIDENT_SEVERITIES,
	INCIDENT_STATUSES,
	MAINTENANCE_STATUSES,
	MAINTENANCE_TITLE_MAX_LENGTH,
	PUBLIC_NOTE_MAX_LENGTH,
	STATE_SOURCES,
	SURFACE_STATES,
	type SurfaceState,
} from "../domain/vocabulary";
import { SURFACE_KINDS, SURFACES } from "../surfaces/registry";
import { CYCLE_JOBS } from "../verbs/apply-check-cycle";
import { MAX_LISTED_UPDATES } from "../verbs/list-incidents";

// The HTTP contract: these schemas validate requests and generate /api/openapi.json.

const SURFACE_COUNT = SURFACES.length;

export const ProblemSchema = z
	.object({
		type: z.string(),
		title: z.string(),
		status: z.number().int(),
		detail: z.string(),
		code: z.string(),
		errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
	})
	.openapi("Problem");

const PublicNote = z
	.string()
	.superRefine((note, context) => {
		const problem = publicTextProblem(note);
		if (problem) context.addIssue({ code: "custom", message: problem });
	})
	.nullable()
	.openapi({
		description: `Shown on the public page: at most ${PUBLIC_NOTE_MAX_LENGTH} characters, no control, bidirectional-formatting or line/paragraph separator characters.`,
	});

/** An ISO 8601 instant with its offset, in the range the system supports (domain/instants.ts). */
const Instant = z.iso
	.datetime({ offset: true })
	.refine((text) => supportedInstant(text) !== null, { message: `must be an instant ${INSTANT_RANGE_TEXT}` })
	.openapi({ example: "2026-11-26T18:00:00Z" });

export const SurfaceStateEnum = z.enum(SURFACE_STATES).openapi("SurfaceState");

const HoldEnum = z.enum(HOLDS).openapi("Hold", {
	description: "The hold of a higher-precedence writer that kept a write from applying.",
});

export const UpdateSurfaceBodySchema = z
	.strictObject({
		surface_id: z.string().min(1).max(64).openapi({ example: "app-raxx-app" }),
		state: SurfaceStateEnum,
		state_source: z.enum(UPDATE_SURFACE_SOURCES).openapi({
			description: "Who is writing. FreeScout writes through its webhook, not here.",
		}),
		actor: z
			.string()
			.regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1-64 letters, digits, '_', '.', ':' or '-' (no PII)")
			.openapi({ example: "ops" }),
		public_note: PublicNote.optional().openapi({ description: "Omitted means no note." }),
		ticket_pending: z.boolean().optional().openapi({ description: "Omitted keeps the surface's current value." }),
		maintenance_until: Instant.nullable()
			.optional()
			.openapi({ description: "Only with state MAINTENANCE: when the window ends (in the future)." }),
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
	id: z.string().openapi({ example: "inc_00042" }),
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
	id: z
		.string()
		.openapi({ param: { name: "id", in: "path" }, example: "inc_00042", description: "The public id, inc_NNNNN" }),
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
		surface: InternalSurfaceSchema.nullable(),
		surface_changed: z.boolean().optional(),
		held_by: HoldEnum.nullable().optional(),
	})
	.openapi("TicketEventResponse");

const MarketDaySchema = z.object({
	date: z.string().openapi({ example: "2026-11-27" }),
	is_trading_day: z.boolean(),
	holiday: z.string().nullable().openapi({ example: "Thanksgiving Day" }),
	early_close: z.string().nullable().openapi({ example: "Day after Thanksgiving" }),
	regular_open: z.string().nullable().openapi({ example: "09:30" }),
	regular_close: z.string().nullable().openapi({ example: "13:00" }),
});

export const MarketTimeQuerySchema = z.object({
	at: Instant.optional().openapi({
		description: "Evaluate the clock at this instant instead of now",
		example: "2026-11-27T12:59:59-05:00",
	}),
});

export const MarketTimeResponseSchema = z
	.object({
		timestamp: z.string().openapi({ example: "2026-11-26T13:07:04.451-05:00" }),
		is_open: z.boolean(),
		next_open: z.string().openapi({ example: "2026-11-27T09:30:00-05:00" }),
		next_close: z.string().openapi({ example: "2026-11-27T13:00:00-05:00" }),
		session: z.enum(MARKET_SESSIONS),
		timezone: z.literal("America/New_York"),
		today: MarketDaySchema,
		next_session: MarketDaySchema,
		next_change: z.string().openapi({ description: "When any field above changes next" }),
	})
	.openapi("MarketTime");

/** A real calendar date in the years the calendar answers for (domain/instants.ts). */
const CalendarDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
	.refine((text) => supportedDate(text) !== null, {
		message: `must be a real date in the years ${EARLIEST_YEAR}-${LATEST_YEAR}`,
	});

export const MarketCalendarQuerySchema = z.object({
	start: CalendarDate.openapi({ example: "2026-11-23" }),
	end: CalendarDate.openapi({ example: "2026-12-31" }),
});

export const MarketCalendarResponseSchema = z
	.array(
		z.object({
			date: z.string(),
			open: z.string().openapi({ example: "09:30" }),
			close: z.string().openapi({ example: "16:00" }),
			session_open: z.string().openapi({ example: "0400" }),
			session_close: z.string().openapi({ example: "2000" }),
		}),
	)
	.openapi("MarketCalendar");

export const RunJobsResponseSchema = z
	.object({
		ran_at: z.string(),
		surfaces: z.array(
			z.object({
				surface_id: z.string(),
				job: z.enum(CYCLE_JOBS),
				saw: z.string().nullable().openapi({ description: "The check's observation: a state, or FAILED" }),
				streak: z.number().int().nullable().openapi({ description: "How many checks in a row saw it" }),
				state_before: SurfaceStateEnum.nullable(),
				state_after: SurfaceStateEnum.nullable(),
				changed: z.boolean(),
				held_by: HoldEnum.nullable(),
				detail: z.string(),
			}),
		),
	})
	.openapi("RunJobsResponse");

// The answers' shapes, for whoever reads them (the tests do): inferred from the schemas above.
export type UpdateSurfaceAnswer = z.infer<typeof UpdateSurfaceResponseSchema>;
export type SeedSurfacesAnswer = z.infer<typeof SeedSurfacesResponseSchema>;
export type PublicSurfacesAnswer = z.infer<typeof PublicSurfacesResponseSchema>;
export type PublicSurfaceAnswer = z.infer<typeof PublicSurfaceSchema>;
export type PublicIncidentsAnswer = z.infer<typeof PublicIncidentsResponseSchema>;
export type PublicIncidentAnswer = z.infer<typeof PublicIncidentSchema>;
export type PublicIncidentResponse = z.infer<typeof PublicIncidentResponseSchema>;
export type TicketEventAnswer = z.infer<typeof TicketEventResponseSchema>;
export type MarketTimeAnswer = z.infer<typeof MarketTimeResponseSchema>;
export type RunJobsAnswer = z.infer<typeof RunJobsResponseSchema>;

export const UptimeQuerySchema = z.strictObject({
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
	surface: z
		.string()
		.regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be a surface id: 1-64 letters, digits, '_', '.', ':' or '-'")
		.optional()
		.openapi({ description: "Narrow the answer to one surface (unknown id: 404)", example: "app-raxx-app" }),
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
	worst: SurfaceStateEnum.nullable().openapi({
		description: "The worst state held at any moment of the day; null: no data",
	}),
	uptime: UptimeFraction,
	seconds: StateSecondsSchema,
	incidents: z.array(z.string()).openapi({ description: "Public ids of the incidents open at any time of the day" }),
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

const MaintenanceStatusEnum = z.enum(MAINTENANCE_STATUSES).openapi("MaintenanceStatus");

export const MaintenanceKeyParamsSchema = z.object({
	key: z
		.string()
		.regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1-64 letters, digits, '_', '.', ':' or '-'")
		.openapi({
			param: { name: "key", in: "path" },
			example: "db-upgrade-2026-12-01",
			description: "The caller's key: the same key is the same window (idempotent)",
		}),
});

export const MaintenanceBodySchema = z
	.strictObject({
		title: z
			.string()
			.min(1)
			.max(MAINTENANCE_TITLE_MAX_LENGTH)
			.superRefine((title, context) => {
				const problem = publicTextProblem(title);
				if (problem) context.addIssue({ code: "custom", message: problem });
			})
			.openapi({ example: "Database upgrade" }),
		public_note: PublicNote.optional().openapi({ description: "Shown on the page; omitted means none." }),
		surface_ids: z
			.array(z.string().min(1).max(64))
			.min(1)
			.max(SURFACE_COUNT)
			.refine((ids) => new Set(ids).size === ids.length, { message: "must not repeat a surface" })
			.openapi({ example: ["orders", "positions"] }),
		starts_at: Instant,
		ends_at: Instant,
		actor: z
			.string()
			.regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be 1-64 letters, digits, '_', '.', ':' or '-' (no PII)")
			.optional()
			.openapi({ description: "Who announces it, for the audit log (default ops)" }),
	})
	.refine((body) => Date.parse(body.ends_at) > Date.parse(body.starts_at), {
		path: ["ends_at"],
		message: "must be after starts_at",
	})
	.refine((body) => Date.parse(body.ends_at) - Date.parse(body.starts_at) <= MAX_WINDOW_MS, {
		path: ["ends_at"],
		message: "a window lasts at most 7 days",
	})
	.openapi("MaintenanceRequest");

const MaintenanceSchema = z
	.object({
		id: z.string().openapi({ example: "mnt_00003" }),
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
		id: z.string().openapi({ example: "mnt_00003" }),
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
	.object({ maintenances: z.array(PublicMaintenanceSchema), generated_at: z.string() })
	.openapi("PublicMaintenancesResponse");
export type PublicMaintenancesAnswer = z.infer<typeof PublicMaintenancesResponseSchema>;
export type MaintenanceAnswer = z.infer<typeof MaintenanceResponseSchema>;

export const SurfaceParamsSchema = z.object({
	id: z
		.string()
		.regex(/^[A-Za-z0-9_.:-]{1,64}$/, "must be a surface id")
		.openapi({ param: { name: "id", in: "path" }, example: "app-raxx-app" }),
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
		status: z.enum(["ok", "down"]),
		down: z.array(z.object({ id: z.string(), name: z.string() })),
		generated_at: z.string(),
	})
	.openapi("Health");
export type HealthAnswer = z.infer<typeof HealthResponseSchema>;
