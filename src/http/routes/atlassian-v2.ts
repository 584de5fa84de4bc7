import { createRoute, type z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { LISTED_WINDOWS_PER_STATUS } from "../../domain/maintenance-window";
import { configuredPageIdentity } from "../../domain/page-identity";
import { pageTimeZone } from "../../domain/uptime/page-time-zone";
import { ATLASSIAN_V2_PATHS } from "../../paths";
import { publicOrigin } from "../../public-cache/settings";
import { LATEST_INCIDENTS, readStatusSnapshot } from "../../verbs/read-status-snapshot";
import type { AppEnv } from "../app-env";
import { AtlassianV2Schemas } from "../atlassian-v2/schemas";
import { type AtlassianV2Page, type AtlassianV2View, atlassianV2View } from "../atlassian-v2/view";
import { serveCachedRead } from "../cache/cached-read";
import { configuredEtag } from "../cache/etag";
import { problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";

// Atlassian Statuspage's public API v2 at its own paths, so that aggregators, chat integrations and
// pollers that read Statuspage pages read this one unchanged. Each answer is cached per data
// version (cache/cached-read.ts): one D1 round trip on a miss, none on a hit.

type AtlassianV2Path = (typeof ATLASSIAN_V2_PATHS)[keyof typeof ATLASSIAN_V2_PATHS];

interface Endpoint<S extends z.ZodType> {
	path: AtlassianV2Path;
	summary: string;
	schema: S;
	answer: (view: AtlassianV2View) => z.infer<S>;
}

const upcoming = (view: AtlassianV2View) => view.maintenances.filter((window) => window.status === "scheduled");
const active = (view: AtlassianV2View) => view.maintenances.filter((window) => window.status === "in_progress");

const ENDPOINTS = [
	{
		path: ATLASSIAN_V2_PATHS.summary,
		summary: "The page, its components, unresolved incidents, upcoming and active maintenance, the status",
		schema: AtlassianV2Schemas.summary,
		answer: (view) => ({
			page: view.page,
			components: view.components,
			incidents: view.incidents.filter((incident) => incident.resolved_at === null),
			scheduled_maintenances: [...active(view), ...upcoming(view)],
			status: view.status,
		}),
	} satisfies Endpoint<typeof AtlassianV2Schemas.summary>,
	{
		path: ATLASSIAN_V2_PATHS.status,
		summary: "The page's status indicator and description",
		schema: AtlassianV2Schemas.status,
		answer: (view) => ({ page: view.page, status: view.status }),
	} satisfies Endpoint<typeof AtlassianV2Schemas.status>,
	{
		path: ATLASSIAN_V2_PATHS.components,
		summary: "The components: each group, then its surfaces (surfaces in UNKNOWN are left out)",
		schema: AtlassianV2Schemas.components,
		answer: (view) => ({ page: view.page, components: view.components }),
	} satisfies Endpoint<typeof AtlassianV2Schemas.components>,
	{
		path: ATLASSIAN_V2_PATHS.incidents,
		summary: `The ${LATEST_INCIDENTS} most recent incidents, newest first, with their updates`,
		schema: AtlassianV2Schemas.incidents,
		answer: (view) => ({ page: view.page, incidents: view.incidents.slice(0, LATEST_INCIDENTS) }),
	} satisfies Endpoint<typeof AtlassianV2Schemas.incidents>,
	{
		path: ATLASSIAN_V2_PATHS.unresolvedIncidents,
		summary: "The incidents not yet resolved",
		schema: AtlassianV2Schemas.incidents,
		answer: (view) => ({
			page: view.page,
			incidents: view.incidents.filter((incident) => incident.resolved_at === null),
		}),
	} satisfies Endpoint<typeof AtlassianV2Schemas.incidents>,
	{
		path: ATLASSIAN_V2_PATHS.maintenances,
		summary: `Scheduled maintenance: in progress, upcoming, and completed in the last 30 days (at most ${LISTED_WINDOWS_PER_STATUS} of each)`,
		schema: AtlassianV2Schemas.maintenances,
		answer: (view) => ({ page: view.page, scheduled_maintenances: view.maintenances }),
	} satisfies Endpoint<typeof AtlassianV2Schemas.maintenances>,
	{
		path: ATLASSIAN_V2_PATHS.upcomingMaintenances,
		summary: `Scheduled maintenance not yet started, the ${LISTED_WINDOWS_PER_STATUS} soonest`,
		schema: AtlassianV2Schemas.maintenances,
		answer: (view) => ({ page: view.page, scheduled_maintenances: upcoming(view) }),
	} satisfies Endpoint<typeof AtlassianV2Schemas.maintenances>,
	{
		path: ATLASSIAN_V2_PATHS.activeMaintenances,
		summary: `Scheduled maintenance in progress, the ${LISTED_WINDOWS_PER_STATUS} started first`,
		schema: AtlassianV2Schemas.maintenances,
		answer: (view) => ({ page: view.page, scheduled_maintenances: active(view) }),
	} satisfies Endpoint<typeof AtlassianV2Schemas.maintenances>,
] as const;

function atlassianV2Page(env: AppEnv["Bindings"]): AtlassianV2Page {
	const identity = configuredPageIdentity(env);
	return { ...identity, url: publicOrigin(env), timeZone: pageTimeZone(env.STATUS_PAGE_TIME_ZONE) };
}

/** The ETag's name for a path: /api/v2/incidents/unresolved.json is v2-incidents-unresolved. */
const etagName = (path: AtlassianV2Path) => `v2-${path.slice("/api/v2/".length, -".json".length).replace("/", "-")}`;

function serve<S extends z.ZodType>(c: Context<AppEnv>, endpoint: Endpoint<S>) {
	const page = atlassianV2Page(c.env);
	const variant = endpoint.path;
	return serveCachedRead<z.infer<S>>(c.req.raw, c.env, c.executionCtx, { variant }, async (session, now) => {
		const snapshot = await readStatusSnapshot(session, now);
		const view = atlassianV2View(snapshot, page, now);
		return {
			body: endpoint.answer(view),
			version: snapshot.version,
			etag: configuredEtag(c.env, etagName(endpoint.path), snapshot.version),
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
		description: "Statuspage's own shape. Cached per data version; ETag and If-None-Match give 304.",
		responses: {
			200: { description: "As Statuspage answers", content: { "application/json": { schema: endpoint.schema } } },
			304: { description: "Unchanged since the ETag in If-None-Match" },
			...problemResponses(503),
		},
	});
	router.openapi(route, (c) => serve(c, endpoint as Endpoint<z.ZodType>));
}

export const atlassianV2Routes = router;
