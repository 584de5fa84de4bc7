import { createRoute } from "@hono/zod-openapi";
import { HISTORY_RESOLUTION_MS, MAX_HISTORY_DAYS } from "../../domain/uptime/history-window";
import { pageTimeZone } from "../../domain/uptime/page-time-zone";
import { PUBLIC_PATHS } from "../../paths";
import { findSurface, notRegistered } from "../../surfaces/registry";
import { readSharedUptimeHistory } from "../../verbs/read-uptime-history";
import { serveCachedRead } from "../cache/cached-read";
import { configuredEtag } from "../cache/etag";
import { uptimeVariant } from "../cache/variant-keys";
import { problemResponses, tagged } from "../openapi-helpers";
import { HttpProblem } from "../problem";
import { createRouter } from "../router";
import { uptimeAnswerText } from "../uptime/presenters";
import { type UptimeAnswer, UptimeQuerySchema, UptimeResponseSchema } from "../uptime/schemas";

const route = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.uptime,
	summary: `Uptime history: each surface day by day (up to ${MAX_HISTORY_DAYS} days), each group and the page`,
	description: [
		"Computed from the audit log: the state at an instant is the new_state of the surface's latest audit row at or before it; before its first row there is no data (UNKNOWN).",
		"Days are calendar days of STATUS_PAGE_TIME_ZONE (23 or 25 hours across a clock change); today runs to now.",
		"A group's and the page's uptime is the mean of their surfaces' uptimes that are not null.",
		"Cached per query (Workers Cache API, invalidated by writes); the strong ETag names the data version and the minute, and If-None-Match gives 304.",
	].join(" "),
	request: { query: UptimeQuerySchema },
	responses: {
		200: { description: "The history", content: { "application/json": { schema: UptimeResponseSchema } } },
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(400, 404, 503),
	},
});

export const publicUptimeRoutes = createRouter().openapi(route, (c) => {
	const { days = MAX_HISTORY_DAYS, surface } = c.req.valid("query");
	if (surface !== undefined && !findSurface(surface)) {
		throw new HttpProblem("not_found", notRegistered([surface]));
	}
	const timeZone = pageTimeZone(c.env.STATUS_PAGE_TIME_ZONE);
	const variant = uptimeVariant(days, surface);
	const keepAlive = (settled: Promise<unknown>) => c.executionCtx.waitUntil(settled);
	return serveCachedRead<UptimeAnswer>(
		c.req.raw,
		c.env,
		c.executionCtx,
		{ variant },
		async (session, now, knownVersion) => {
			const query = { timeZone, days, surfaceId: surface };
			const { report, version } = await readSharedUptimeHistory(session, query, now, { knownVersion, keepAlive });
			const minute = Math.floor(report.window.to / HISTORY_RESOLUTION_MS);
			const etag = configuredEtag(c.env, "uptime", days, surface ?? "all", timeZone, version, minute);
			return { body: uptimeAnswerText(report), contentType: "application/json", version, etag };
		},
	);
});
