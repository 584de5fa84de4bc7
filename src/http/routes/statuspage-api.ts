import { createRoute, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { pageIdentity } from "../../domain/page-identity";
import { pageTimeZone } from "../../domain/uptime/page-time-zone";
import { STATUSPAGE_PATHS } from "../../paths";
import { publicOrigin } from "../../public-cache/settings";
import { LATEST_INCIDENTS, readSnapshot } from "../../verbs/read-status-snapshot";
import type { AppEnv } from "../app-env";
import { serveCachedRead } from "../cache/cached-read";
import { problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";
import { type StatuspagePage, type StatuspageView, statuspageView } from "../statuspage";
import { StatuspageSchemas } from "../statuspage-schemas";

// Atlassian Statuspage's public API v2 at its own paths, so that aggregators, chat integrations and
// pollers that read Statuspage pages read this one unchanged. Each answer is cached per data
// version (cache/cached-read.ts): one D1 round trip on a miss, none on a hit.

type StatuspagePath = (typeof STATUSPAGE_PATHS)[keyof typeof STATUSPAGE_PATHS];

interface Endpoint<S extends z.ZodType> {
	path: StatuspagePath;
	summary: string;
	schema: S;
	answer: (view: StatuspageView) => z.infer<S>;
}

const upcoming = (view: StatuspageView) => view.maintenances.filter((window) => window.status === "scheduled");
const active = (view: StatuspageView) => view.maintenances.filter((window) => window.status === "in_progress");

const ENDPOINTS = [
	{
		path: STATUSPAGE_PATHS.summary,
		summary: "The page, its components, unresolved incidents, upcoming and active maintenance, the status",
		schema: StatuspageSchemas.summary,
		answer: (view) => ({
			page: view.page,
			components: view.components,
			incidents: view.incidents.filter((incident) => incident.resolved_at === null),
			scheduled_maintenances: [...active(view), ...upcoming(view)],
			status: view.status,
		}),
	} satisfies Endpoint<typeof StatuspageSchemas.summary>,
	{
		path: STATUSPAGE_PATHS.status,
		summary: "The page's status indicator and description",
		schema: StatuspageSchemas.status,
		answer: (view) => ({ page: view.page, status: view.status }),
	} satisfies Endpoint<typeof StatuspageSchemas.status>,
	{
		path: STATUSPAGE_PATHS.components,
		summary: "The components: each group, then its surfaces (surfaces in UNKNOWN are left out)",
		schema: StatuspageSchemas.components,
		answer: (view) => ({ page: view.page, components: view.components }),
	} satisfies Endpoint<typeof StatuspageSchemas.components>,
	{
		path: STATUSPAGE_PATHS.incidents,
		summary: `The ${LATEST_INCIDENTS} most recent incidents, newest first, with their updates`,
		schema: StatuspageSchemas.incidents,
		answer: (view) => ({ page: view.page, incidents: view.incidents.slice(0, LATEST_INCIDENTS) }),
	} satisfies Endpoint<typeof StatuspageSchemas.incidents>,
	{
		path: STATUSPAGE_PATHS.unresolvedIncidents,
		summary: "The incidents not yet resolved",
		schema: StatuspageSchemas.incidents,
		answer: (view) => ({
			page: view.page,
			incidents: view.incidents.filter((incident) => incident.resolved_at === null),
		}),
	} satisfies Endpoint<typeof StatuspageSchemas.incidents>,
	{
		path: STATUSPAGE_PATHS.maintenances,
		summary: "Scheduled maintenance: in progress, upcoming, and completed in the last 30 days",
		schema: StatuspageSchemas.maintenances,
		answer: (view) => ({ page: view.page, scheduled_maintenances: view.maintenances }),
	} satisfies Endpoint<typeof StatuspageSchemas.maintenances>,
	{
		path: STATUSPAGE_PATHS.upcomingMaintenances,
		summary: "Scheduled maintenance not yet started, soonest first",
		schema: StatuspageSchemas.maintenances,
		answer: (view) => ({ page: view.page, scheduled_maintenances: upcoming(view) }),
	} satisfies Endpoint<typeof StatuspageSchemas.maintenances>,
	{
		path: STATUSPAGE_PATHS.activeMaintenances,
		summary: "Scheduled maintenance in progress",
		schema: StatuspageSchemas.maintenances,
		answer: (view) => ({ page: view.page, scheduled_maintenances: active(view) }),
	} satisfies Endpoint<typeof StatuspageSchemas.maintenances>,
] as const;

function statuspagePage(env: AppEnv["Bindings"]): StatuspagePage {
	const identity = pageIdentity({ id: env.STATUS_PAGE_ID, name: env.STATUS_PAGE_NAME });
	return { ...identity, url: publicOrigin(env), timeZone: pageTimeZone(env.STATUS_PAGE_TIME_ZONE) };
}

/** The ETag's name for a path: /api/v2/incidents/unresolved.json is v2-incidents-unresolved. */
const etagName = (path: StatuspagePath) => `v2-${path.slice("/api/v2/".length, -".json".length).replace("/", "-")}`;

function serve<S extends z.ZodType>(c: Context<AppEnv>, endpoint: Endpoint<S>) {
	const page = statuspagePage(c.env);
	const variant = endpoint.path;
	return serveCachedRead<z.infer<S>>(c.req.raw, c.env, c.executionCtx, { variant }, async (session, now) => {
		const snapshot = await readSnapshot(session, now);
		const view = statuspageView(snapshot, page, now);
		return {
			body: endpoint.answer(view),
			version: snapshot.version,
			etag: `"${etagName(endpoint.path)}-${snapshot.version}"`,
		};
	});
}

const router = createRouter();
for (const endpoint of ENDPOINTS) {
	const route = createRoute({
		method: "get",
		tags: tagged("statuspage"),
		path: endpoint.path,
		summary: endpoint.summary,
		description:
			'Statuspage\'s own shape (README, "Statuspage-compatible API"). Cached per data version; ETag and If-None-Match give 304.',
		responses: {
			200: { description: "As Statuspage answers", content: { "application/json": { schema: endpoint.schema } } },
			304: { description: "Unchanged since the ETag in If-None-Match" },
			...problemResponses(503),
		},
	});
	router.openapi(route, (c) => serve(c, endpoint as Endpoint<z.ZodType>));
}

export const statuspageRoutes = router;
