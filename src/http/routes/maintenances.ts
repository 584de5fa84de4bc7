import { createRoute } from "@hono/zod-openapi";
import {
	LISTED_WINDOWS_PER_STATUS,
	MAX_LEAD_DAYS,
	MAX_OPEN_WINDOWS,
	MAX_WINDOW_DAYS,
} from "../../domain/maintenance-window";
import { INTERNAL_PATHS, PUBLIC_PATHS } from "../../paths";
import { cancelMaintenance, scheduleMaintenance } from "../../verbs/schedule-maintenance";
import { servePathRead } from "../cache/path-reads";
import { requireInternalToken } from "../internal-auth";
import { jsonBody, limitBody, NO_BODY_MAX_BYTES } from "../json-body";
import { toMaintenanceAnswer } from "../maintenances/presenters";
import {
	MaintenanceBodySchema,
	MaintenanceKeyParamsSchema,
	MaintenanceResponseSchema,
	PublicMaintenancesResponseSchema,
} from "../maintenances/schemas";
import { contentionResponses, INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { HttpProblem } from "../problem";
import { createRouter } from "../router";

const put = createRoute({
	method: "put",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.maintenance,
	summary: "Announce a maintenance window ahead of time, or change one that has not started",
	description: [
		"The key makes it idempotent: the same PUT again changes nothing (200, unchanged).",
		"A window that has not started is replaced; one that has started may only be shortened (an earlier ends_at, nothing else changed); a completed one stays (any other PUT: 409 maintenance_over); a cancelled key answers every PUT 409 maintenance_cancelled: announce the window again under a new key.",
		`At most ${MAX_WINDOW_DAYS} days long, starting at most ${MAX_LEAD_DAYS} days ahead, ending in the future; every surface registered (422).`,
		`At most ${MAX_OPEN_WINDOWS} windows scheduled or in progress at once: a new one past them is refused (422 too_many_maintenances) with nothing written.`,
		"The Cron Trigger starts it in the minute it is due: its surfaces go to MAINTENANCE (source schedule) until ends_at, under writer precedence.",
	].join(" "),
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, ...jsonBody()] as const,
	request: {
		params: MaintenanceKeyParamsSchema,
		body: { required: true, content: { "application/json": { schema: MaintenanceBodySchema } } },
	},
	responses: {
		200: {
			description: "Unchanged, replaced or shortened",
			content: { "application/json": { schema: MaintenanceResponseSchema } },
		},
		201: { description: "Announced", content: { "application/json": { schema: MaintenanceResponseSchema } } },
		...problemResponses(400, 401, 409, 413, 415, 422),
		...contentionResponses(),
	},
});

const remove = createRoute({
	method: "delete",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.maintenance,
	summary: "Cancel a maintenance window",
	description:
		"Before its start it never happens; in progress it ends now, and its surfaces return as at the end of any window (unless other windows in progress cover them: then their note and end are those of the one ending last). The feeds announce the cancellation. Cancelling it again changes nothing; a completed window cannot be cancelled (409). No body.",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, limitBody(NO_BODY_MAX_BYTES)] as const,
	request: { params: MaintenanceKeyParamsSchema },
	responses: {
		200: { description: "Cancelled", content: { "application/json": { schema: MaintenanceResponseSchema } } },
		...problemResponses(400, 401, 404, 409, 503),
	},
});

const list = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.maintenances,
	summary: "Scheduled maintenance: in progress, upcoming, and completed or cancelled in the last 30 days",
	description: `At most ${LISTED_WINDOWS_PER_STATUS} windows of each status, the most relevant; unlisted counts the rest. Cached for a few seconds (Workers Cache API, invalidated by writes); ETag and If-None-Match give 304.`,
	responses: {
		200: {
			description: "In progress first, then upcoming (soonest first), then ended (latest first)",
			content: { "application/json": { schema: PublicMaintenancesResponseSchema } },
		},
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(503),
	},
});

export const maintenanceRoutes = createRouter()
	.openapi(put, async (c) => {
		const { key } = c.req.valid("param");
		const body = c.req.valid("json");
		const { outcome, window } = await scheduleMaintenance(
			c.env.DB,
			key,
			{
				title: body.title,
				publicNote: body.public_note ?? null,
				surfaceIds: body.surface_ids,
				startsAt: Date.parse(body.starts_at),
				endsAt: Date.parse(body.ends_at),
			},
			body.actor ?? "ops",
			new Date(),
			body.notify !== false,
		);
		const answer = { outcome, maintenance: toMaintenanceAnswer(window) };
		return outcome === "created"
			? c.json(answer, 201, { "Cache-Control": "no-store" })
			: c.json(answer, 200, { "Cache-Control": "no-store" });
	})
	.openapi(remove, async (c) => {
		const { key } = c.req.valid("param");
		const result = await cancelMaintenance(c.env.DB, key, "ops", new Date());
		if (result === null) throw new HttpProblem("not_found", `No maintenance window has the key '${key}'.`);
		return c.json({ outcome: result.outcome, maintenance: toMaintenanceAnswer(result.window) }, 200, {
			"Cache-Control": "no-store",
		});
	})
	// src/index.ts serves this read before routing; the route serves it when a request reaches the router.
	.openapi(list, (c) => servePathRead(c.req.raw, c.env, c.executionCtx, PUBLIC_PATHS.maintenances));
