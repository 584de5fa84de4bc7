import { createRoute } from "@hono/zod-openapi";
import { PUBLIC_PATHS } from "../../paths";
import { servePathRead } from "../cache/path-reads";
import { problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";
import { PublicSurfacesResponseSchema } from "../surfaces/schemas";

const route = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.surfaces,
	summary: "Every surface with its state, and the overall status",
	description: "Cached for a few seconds (Workers Cache API, invalidated by writes); ETag and If-None-Match give 304.",
	responses: {
		200: {
			description: "Every registered surface (UNKNOWN where no state is known yet).",
			content: { "application/json": { schema: PublicSurfacesResponseSchema } },
		},
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(503),
	},
});

// src/index.ts serves this read before routing; the route serves it when a request reaches the router.
export const publicSurfacesRoutes = createRouter().openapi(route, (c) =>
	servePathRead(c.req.raw, c.env, c.executionCtx, PUBLIC_PATHS.surfaces),
);
