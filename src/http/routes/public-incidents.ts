import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { createDb } from "../../db/client";
import { listRecentIncidents } from "../../domain/list-incidents";
import type { AppEnv } from "../app-env";
import { problemResponses } from "../openapi-helpers";
import { toPublicIncident } from "../presenters";
import { PublicIncidentsResponseSchema } from "../schemas";

const route = createRoute({
	method: "get",
	path: "/api/status/public/incidents",
	summary: "Open incidents, and those opened or resolved in the last 30 days, newest first",
	responses: {
		200: {
			description: "Incidents; the id is public (inc_NNNNN), never the helpdesk ticket's.",
			content: { "application/json": { schema: PublicIncidentsResponseSchema } },
		},
		...problemResponses(503),
	},
});

export const publicIncidentsRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
	const now = new Date();
	const incidents = await listRecentIncidents(createDb(c.env.DB), now);
	return c.json({ incidents: incidents.map(toPublicIncident), generated_at: now.toISOString() }, 200, {
		"Cache-Control": "no-cache",
	});
});
