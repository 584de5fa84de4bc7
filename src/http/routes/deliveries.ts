import { createRoute } from "@hono/zod-openapi";
import { type DeliveryFilter, listDeliveries } from "../../db/notifications/delivery-listings";
import { findSubscriber } from "../../db/notifications/subscribers";
import { LISTING_LIMIT } from "../../domain/notifications/subscriber";
import { INTERNAL_PATHS } from "../../paths";
import { retryDelivery } from "../../verbs/retry-delivery";
import { requireInternalToken } from "../internal-auth";
import { limitBody, NO_BODY_MAX_BYTES } from "../json-body";
import { INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { HttpProblem } from "../problem";
import { createRouter, invalidInput } from "../router";
import { nextAfter, toDeliveryAnswer } from "../subscribers/presenters";
import {
	DeliveryListQuerySchema,
	DeliveryListSchema,
	DeliveryPageQuerySchema,
	DeliveryResponseSchema,
	IdParamsSchema,
} from "../subscribers/schemas";

const NO_STORE = { "Cache-Control": "no-store" };
const json = <T>(schema: T) => ({ "application/json": { schema } });

const ofSubscriber = createRoute({
	method: "get",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscriberDeliveries,
	summary: "A subscriber's deliveries, newest first, a page at a time",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken] as const,
	request: { params: IdParamsSchema, query: DeliveryPageQuerySchema },
	responses: {
		200: {
			description: `At most limit (default ${LISTING_LIMIT.default}) deliveries`,
			content: json(DeliveryListSchema),
		},
		...problemResponses(400, 401, 404, 503),
	},
});

const all = createRoute({
	method: "get",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.deliveries,
	summary: "Deliveries of every subscriber, newest first, a page at a time; ?status=failed for what needs a look",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken] as const,
	request: { query: DeliveryListQuerySchema },
	responses: {
		200: {
			description: `At most limit (default ${LISTING_LIMIT.default}) deliveries`,
			content: json(DeliveryListSchema),
		},
		...problemResponses(400, 401, 503),
	},
});

const retry = createRoute({
	method: "post",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.deliveryRetry,
	summary: "Send a failed delivery again",
	description:
		"A failed (or pending) delivery is pending again and due now; its attempts are kept, so one that used up its attempts gets one more. It is sent within seconds, through the queue. A delivered one: 409 already_delivered. A disabled subscriber's delivery fails again at once: enable the subscriber first. No body.",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, limitBody(NO_BODY_MAX_BYTES)] as const,
	request: { params: IdParamsSchema },
	responses: {
		202: { description: "Pending again, to be sent", content: json(DeliveryResponseSchema) },
		...problemResponses(400, 401, 404, 409, 503),
	},
});

async function deliveryPage(db: D1Database, filter: DeliveryFilter, query: { limit?: string; after?: string }) {
	const limit = query.limit === undefined ? LISTING_LIMIT.default : Number(query.limit);
	const page = await listDeliveries(db, filter, query.after ?? null, limit);
	if (!page.cursorFound) throw invalidInput("query", [{ path: "after", message: "names no delivery" }]);
	return { deliveries: page.deliveries.map(toDeliveryAnswer), next_after: nextAfter(page.deliveries, page.more) };
}

export const deliveryRoutes = createRouter()
	.openapi(ofSubscriber, async (c) => {
		const { id } = c.req.valid("param");
		const query = c.req.valid("query");
		if ((await findSubscriber(c.env.DB, id)) === null) {
			throw new HttpProblem("not_found", `No subscriber has the id '${id}'.`);
		}
		return c.json(await deliveryPage(c.env.DB, { subscriberId: id }, query), 200, NO_STORE);
	})
	.openapi(all, async (c) => {
		const query = c.req.valid("query");
		const filter = query.status === undefined ? null : { status: query.status };
		return c.json(await deliveryPage(c.env.DB, filter, query), 200, NO_STORE);
	})
	.openapi(retry, async (c) => {
		const { id } = c.req.valid("param");
		const delivery = await retryDelivery(c.env.DB, id, "ops", new Date());
		if (delivery === null) throw new HttpProblem("not_found", `No delivery has the id '${id}'.`);
		return c.json(toDeliveryAnswer(delivery), 202, NO_STORE);
	});
