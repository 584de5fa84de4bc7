import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { createDb } from "../../db/client";
import { listSurfaces } from "../../domain/list-surfaces";
import type { AppEnv } from "../app-env";
import { problemResponses } from "../openapi-helpers";
import { toPublicStatusBoard } from "../presenters";
import { PublicSurfacesResponseSchema } from "../schemas";

const route = createRoute({
	method: "get",
	path: "/api/status/public/surfaces",
	summary: "Every surface with its state, and the overall status",
	responses: {
		200: {
			description: "Every registered surface (UNKNOWN where no state is known yet).",
			content: { "application/json": { schema: PublicSurfacesResponseSchema } },
		},
		...problemResponses(503),
	},
});

export const publicSurfacesRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
	const board = await listSurfaces(createDb(c.env.DB));
	return c.json(toPublicStatusBoard(board, new Date()), 200, { "Cache-Control": "no-cache" });
});
