import { createRoute } from "@hono/zod-openapi";
import { PUBLIC_PATHS } from "../../paths";
import { servePublicRead } from "../cache/public-read";
import { problemResponses, tagged } from "../openapi-helpers";
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

// src/index.ts serves this read before routing; the route serves it when a request reaches the router.
export const publicIncidentsRoutes = createRouter().openapi(route, (c) =>
	servePublicRead(c.req.raw, c.env, c.executionCtx, PUBLIC_PATHS.incidents),
);
