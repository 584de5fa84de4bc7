import { createRoute } from "@hono/zod-openapi";
import { PUBLIC_PATHS } from "../../paths";
import { listRecentIncidents } from "../../verbs/list-incidents";
import { servePublicRead } from "../cache/public-read";
import { problemResponses, tagged } from "../openapi-helpers";
import { toPublicIncident } from "../presenters";
import { createRouter } from "../router";
import { PublicIncidentsResponseSchema } from "../schemas";

const route = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.incidents,
	summary: "Open incidents, and those opened or resolved in the last 30 days, newest first",
	description: "Cached for a few seconds (Workers Cache API, invalidated by writes); ETag and If-None-Match give 304.",
	responses: {
		200: {
			description: "Incidents; the id is public (inc_NNNNN), never the helpdesk ticket's.",
			content: { "application/json": { schema: PublicIncidentsResponseSchema } },
		},
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(503),
	},
});

export const publicIncidentsRoutes = createRouter().openapi(route, (c) =>
	servePublicRead(c, PUBLIC_PATHS.incidents, async () => {
		const now = new Date();
		const { version, rows } = await listRecentIncidents(c.env.DB.withSession("first-unconstrained"), now);
		return { body: { incidents: rows.map(toPublicIncident), generated_at: now.toISOString() }, version };
	}),
);
