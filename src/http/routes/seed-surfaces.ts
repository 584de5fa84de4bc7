import { createRoute } from "@hono/zod-openapi";
import { INTERNAL_PATHS } from "../../paths";
import { SURFACES } from "../../surfaces/registry";
import { seedSurfaces } from "../../verbs/seed-surfaces";
import { requireInternalToken } from "../internal-auth";
import { limitBody, NO_BODY_MAX_BYTES } from "../json-body";
import { INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";
import { SeedSurfacesResponseSchema } from "../surfaces/schemas";

const route = createRoute({
	method: "post",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.seedSurfaces,
	summary: "Create an UNKNOWN row for every registered surface that has none",
	description: "Idempotent: existing rows are never touched. No body.",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, limitBody(NO_BODY_MAX_BYTES)] as const,
	responses: {
		200: {
			description: "How many rows were created and how many already existed.",
			content: { "application/json": { schema: SeedSurfacesResponseSchema } },
		},
		...problemResponses(401, 503),
	},
});

export const seedSurfacesRoutes = createRouter().openapi(route, async (c) => {
	const outcome = await seedSurfaces(c.env.DB, "seed", new Date());
	return c.json({ ...outcome, total: SURFACES.length }, 200, { "Cache-Control": "no-store" });
});
