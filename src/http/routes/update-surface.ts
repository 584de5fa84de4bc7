import { createRoute } from "@hono/zod-openapi";
import { INTERNAL_PATHS } from "../../paths";
import { transitionSurface } from "../../verbs/transition-surface";
import { requireInternalToken } from "../internal-auth";
import { jsonBody } from "../json-body";
import { INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";
import { toInternalSurface } from "../surfaces/presenters";
import { UpdateSurfaceBodySchema, UpdateSurfaceResponseSchema } from "../surfaces/schemas";

const route = createRoute({
	method: "post",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.updateSurface,
	summary: "Set a surface's state",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, ...jsonBody()] as const,
	request: {
		body: { required: true, content: { "application/json": { schema: UpdateSurfaceBodySchema } } },
	},
	responses: {
		200: {
			description: "Accepted. `applied: false` when a higher-precedence hold kept the state.",
			content: { "application/json": { schema: UpdateSurfaceResponseSchema } },
		},
		...problemResponses(400, 401, 413, 415, 422, 503),
	},
});

export const updateSurfaceRoutes = createRouter().openapi(route, async (c) => {
	const body = c.req.valid("json");
	const outcome = await transitionSurface(
		c.env.DB,
		{
			surfaceId: body.surface_id,
			state: body.state,
			source: body.state_source,
			actor: body.actor,
			publicNote: body.public_note ?? null,
			ticketPending: body.ticket_pending,
			maintenanceUntil: body.maintenance_until ? new Date(body.maintenance_until) : null,
			notify: body.notify !== false,
		},
		new Date(),
	);
	const surface = toInternalSurface(outcome.surface);
	const answer = outcome.applied
		? { applied: true, changed: outcome.changed, held_by: null, surface }
		: { applied: false, changed: false, held_by: outcome.heldBy, reason: outcome.heldBy, surface };
	return c.json(answer, 200, { "Cache-Control": "no-store" });
});
