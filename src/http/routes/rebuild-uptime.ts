import { createRoute } from "@hono/zod-openapi";
import { pageTimeZone } from "../../domain/uptime/page-time-zone";
import { INTERNAL_PATHS } from "../../paths";
import { rebuildUptimeStep } from "../../verbs/fold-uptime";
import { requireInternalToken } from "../internal-auth";
import { limitBody, NO_BODY_MAX_BYTES } from "../json-body";
import { INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";
import { RebuildUptimeQuerySchema, RebuildUptimeResponseSchema } from "../uptime/schemas";

const route = createRoute({
	method: "post",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.rebuildUptime,
	summary: "Rebuild the uptime rollup from the audit log, a few days per call (npm run db:rebuild-rollup)",
	description:
		"The first call (restart=true) forgets the rollup of the page's zone; every call folds the next days. Call until up_to_date. Public answers stay exact throughout: what is not folded is read live. No body.",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, limitBody(NO_BODY_MAX_BYTES)] as const,
	request: { query: RebuildUptimeQuerySchema },
	responses: {
		200: {
			description: "What this call folded",
			content: { "application/json": { schema: RebuildUptimeResponseSchema } },
		},
		...problemResponses(400, 401, 503),
	},
});

export const rebuildUptimeRoutes = createRouter().openapi(route, async (c) => {
	const { restart } = c.req.valid("query");
	const timeZone = pageTimeZone(c.env.STATUS_PAGE_TIME_ZONE);
	const report = await rebuildUptimeStep(c.env.DB, timeZone, new Date(), restart === "true");
	return c.json(
		{ time_zone: timeZone, dates: report.dates, folded_through: report.foldedThrough, up_to_date: report.upToDate },
		200,
		{ "Cache-Control": "no-store" },
	);
});
