import { createRoute } from "@hono/zod-openapi";
import { incidentIdOf } from "../../domain/incident-id";
import { incidentPath, PUBLIC_PATHS } from "../../paths";
import { findIncident, INCIDENT_UPDATES_PER_PAGE, MAX_LISTED_UPDATES } from "../../verbs/list-incidents";
import { type BuildAnswer, serveCachedRead } from "../cache/cached-read";
import { strongEtag } from "../cache/etag";
import { servePathRead } from "../cache/path-reads";
import { cursorEtagParts, olderUpdatesPath, unknownCursor } from "../incidents/cursor";
import { toPublicIncidentWithTimeline } from "../incidents/presenters";
import {
	IncidentParamsSchema,
	IncidentQuerySchema,
	type PublicIncidentResponse,
	PublicIncidentResponseSchema,
	PublicIncidentsResponseSchema,
} from "../incidents/schemas";
import { problemResponses, tagged } from "../openapi-helpers";
import { HttpProblem } from "../problem";
import { createRouter } from "../router";

const route = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.incidents,
	summary: "Open incidents, and those opened or resolved in the last 30 days, newest first, with their updates",
	description: `Each with its status (its latest update's) and its newest ${MAX_LISTED_UPDATES} updates. Cached for a few seconds (Workers Cache API, invalidated by writes); ETag and If-None-Match give 304.`,
	responses: {
		200: {
			description: "Incidents; the id is public (inc_NNNNN), never the helpdesk ticket's.",
			content: { "application/json": { schema: PublicIncidentsResponseSchema } },
		},
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(503),
	},
});

const oneIncident = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.incident,
	summary: "One incident with a page of its timeline, newest update first",
	description: `At most ${INCIDENT_UPDATES_PER_PAGE} updates a page; \`older_updates\` is the path of the next (\`?before=\` the last update's time). Cached like the list (Workers Cache API, invalidated by writes), each page under its cursor; ETag and If-None-Match give 304.`,
	request: { params: IncidentParamsSchema, query: IncidentQuerySchema },
	responses: {
		200: {
			description: "The incident",
			content: { "application/json": { schema: PublicIncidentResponseSchema } },
		},
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(400, 404, 503),
	},
});

// The id is not echoed: it comes from the URL, and the problem's detail is read by people.
const noSuchIncident = () => new HttpProblem("not_found", "No incident has this id (public ids are inc_NNNNN).");

const incidentAnswer =
	(id: number, publicId: string, before: string | null): BuildAnswer<PublicIncidentResponse> =>
	async (session, now) => {
		const { version, rows } = await findIncident(session, id, before);
		if (rows.kind === "no_incident") throw noSuchIncident();
		if (rows.kind === "unknown_cursor") throw unknownCursor();
		const { olderBefore } = rows.page;
		return {
			body: {
				incident: toPublicIncidentWithTimeline(rows.page),
				older_updates: olderBefore === null ? null : olderUpdatesPath(incidentPath(publicId), olderBefore),
				generated_at: now.toISOString(),
			},
			version,
			etag: strongEtag("incident", id, ...cursorEtagParts(before), version),
		};
	};

// src/index.ts serves the list before routing; the route serves it when a request reaches the router.
export const publicIncidentsRoutes = createRouter()
	.openapi(route, (c) => servePathRead(c.req.raw, c.env, c.executionCtx, PUBLIC_PATHS.incidents))
	.openapi(oneIncident, (c) => {
		const publicId = c.req.valid("param").id;
		const id = incidentIdOf(publicId);
		if (id === null) throw noSuchIncident();
		const before = c.req.valid("query").before ?? null;
		const variant = olderUpdatesPath(incidentPath(publicId), before);
		return serveCachedRead(c.req.raw, c.env, c.executionCtx, { variant }, incidentAnswer(id, publicId, before));
	});
