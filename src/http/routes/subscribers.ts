import { createRoute } from "@hono/zod-openapi";
import { findSubscriber, listSubscribers } from "../../db/notifications/subscribers";
import { DEFAULT_EVENT_TYPES } from "../../domain/notifications/event";
import { FAILURES_TO_DISABLE, MAX_SUBSCRIBERS } from "../../domain/notifications/outbox";
import { LISTING_LIMIT, PREVIOUS_SECRET_VALID_MS } from "../../domain/notifications/subscriber";
import { sendTestEvent } from "../../notify/test-send";
import { INTERNAL_PATHS } from "../../paths";
import {
	createSubscriber,
	deleteSubscriber,
	rotateSubscriberSecret,
	updateSubscriber,
} from "../../verbs/manage-subscribers";
import { requireInternalToken } from "../internal-auth";
import { jsonBody, limitBody, NO_BODY_MAX_BYTES } from "../json-body";
import { contentionResponses, INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { HttpProblem } from "../problem";
import { createRouter } from "../router";
import { nextAfter, toSubscriberAnswer, toTestSendAnswer } from "../subscribers/presenters";
import {
	IdParamsSchema,
	SecretRotatedSchema,
	SubscriberBodySchema,
	SubscriberCreatedSchema,
	SubscriberListQuerySchema,
	SubscriberListSchema,
	SubscriberPatchSchema,
	SubscriberResponseSchema,
	TestSendSchema,
} from "../subscribers/schemas";
import { subscriberUrlRules } from "../subscribers/url-rules";

const NO_STORE = { "Cache-Control": "no-store" };
const json = <T>(schema: T) => ({ "application/json": { schema } });
const noSubscriber = (id: string) => new HttpProblem("not_found", `No subscriber has the id '${id}'.`);

const create = createRoute({
	method: "post",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscribers,
	summary:
		"Add a notification subscriber: a generic webhook (signed), a Statuspage-format webhook, Slack, Discord or Teams",
	description: [
		`events defaults to ${DEFAULT_EVENT_TYPES.join(", ")}; surface_ids omitted or null: every surface.`,
		"A webhook subscriber's answer holds its signing secret, the only time it is shown.",
		`At most ${MAX_SUBSCRIBERS} subscribers (422 too_many_subscribers). A URL it may not have is 422 invalid_subscriber_url; nothing is written on any refusal.`,
	].join(" "),
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, ...jsonBody()] as const,
	request: { body: { required: true, content: json(SubscriberBodySchema) } },
	responses: {
		201: { description: "Created", content: json(SubscriberCreatedSchema) },
		...problemResponses(400, 401, 413, 415, 422, 503),
	},
});

const list = createRoute({
	method: "get",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscribers,
	summary: "The subscribers, a page at a time in id order",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken] as const,
	request: { query: SubscriberListQuerySchema },
	responses: {
		200: {
			description: `At most limit (default ${LISTING_LIMIT.default}) subscribers`,
			content: json(SubscriberListSchema),
		},
		...problemResponses(400, 401, 503),
	},
});

const read = createRoute({
	method: "get",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscriber,
	summary: "One subscriber",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken] as const,
	request: { params: IdParamsSchema },
	responses: {
		200: { description: "The subscriber", content: json(SubscriberResponseSchema) },
		...problemResponses(400, 401, 404, 503),
	},
});

const patch = createRoute({
	method: "patch",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscriber,
	summary: "Change a subscriber: its name, URL, events, surfaces, or enable or disable it",
	description: `Fields left out stay. A new url is checked as a new subscriber's. enabled: true clears disabled_reason and the failures in a row (at ${FAILURES_TO_DISABLE} the deliveries disable a subscriber); enabled: false takes an optional disabled_reason. A change that changes nothing writes nothing.`,
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, ...jsonBody()] as const,
	request: { params: IdParamsSchema, body: { required: true, content: json(SubscriberPatchSchema) } },
	responses: {
		200: { description: "Changed, or already so", content: json(SubscriberResponseSchema) },
		...problemResponses(400, 401, 404, 413, 415, 422),
		...contentionResponses(),
	},
});

const remove = createRoute({
	method: "delete",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscriber,
	summary: "Remove a subscriber and all its deliveries (pending, delivered and failed)",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, limitBody(NO_BODY_MAX_BYTES)] as const,
	request: { params: IdParamsSchema },
	responses: {
		204: { description: "Removed" },
		...problemResponses(400, 401, 404, 503),
	},
});

const rotate = createRoute({
	method: "post",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscriberRotateSecret,
	summary: "Give a webhook subscriber a new signing secret",
	description: `The answer holds the new secret, the only time it is shown. The secret it replaces signs too for ${PREVIOUS_SECRET_VALID_MS / 3_600_000} hours (each request carries both signatures), so the receiver can switch over; rotating again within them ends the older one at once. Other kinds have no secret: 422 not_a_webhook_subscriber. No body.`,
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, limitBody(NO_BODY_MAX_BYTES)] as const,
	request: { params: IdParamsSchema },
	responses: {
		200: { description: "Rotated", content: json(SecretRotatedSchema) },
		...problemResponses(400, 401, 404, 422, 503),
	},
});

const test = createRoute({
	method: "post",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscriberTest,
	summary: "Send a test notification to a subscriber now, and answer what its receiver answered",
	description:
		"Rendered, signed and posted as any delivery (a `test` event), not through the queue, even to a disabled subscriber. Nothing is recorded: no delivery row, no failure counted, nothing disabled. No body.",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, limitBody(NO_BODY_MAX_BYTES)] as const,
	request: { params: IdParamsSchema },
	responses: {
		200: { description: "The receiver's answer (or why there was none)", content: json(TestSendSchema) },
		...problemResponses(400, 401, 404, 503),
	},
});

export const subscriberRoutes = createRouter()
	.openapi(create, async (c) => {
		const body = c.req.valid("json");
		const now = new Date();
		const subscriber = await createSubscriber(
			c.env.DB,
			{
				kind: body.kind,
				name: body.name,
				url: body.url,
				events: body.events ?? DEFAULT_EVENT_TYPES,
				surfaceIds: body.surface_ids ?? null,
			},
			subscriberUrlRules(c.req.url, c.env),
			body.actor ?? "ops",
			now,
		);
		return c.json({ ...toSubscriberAnswer(subscriber, now), secret: subscriber.secret }, 201, NO_STORE);
	})
	.openapi(list, async (c) => {
		const query = c.req.valid("query");
		const limit = query.limit === undefined ? LISTING_LIMIT.default : Number(query.limit);
		const now = new Date();
		const page = await listSubscribers(c.env.DB, query.after ?? null, limit);
		return c.json(
			{
				subscribers: page.subscribers.map((subscriber) => toSubscriberAnswer(subscriber, now)),
				next_after: nextAfter(page.subscribers, page.more),
			},
			200,
			NO_STORE,
		);
	})
	.openapi(read, async (c) => {
		const { id } = c.req.valid("param");
		const subscriber = await findSubscriber(c.env.DB, id);
		if (subscriber === null) throw noSubscriber(id);
		return c.json(toSubscriberAnswer(subscriber, new Date()), 200, NO_STORE);
	})
	.openapi(patch, async (c) => {
		const { id } = c.req.valid("param");
		const body = c.req.valid("json");
		const now = new Date();
		const subscriber = await updateSubscriber(
			c.env.DB,
			id,
			{
				...(body.name === undefined ? {} : { name: body.name }),
				...(body.url === undefined ? {} : { url: body.url }),
				...(body.events === undefined ? {} : { events: body.events }),
				...(body.surface_ids === undefined ? {} : { surfaceIds: body.surface_ids }),
				...(body.enabled === undefined ? {} : { enabled: body.enabled }),
				...(body.disabled_reason === undefined ? {} : { disabledReason: body.disabled_reason }),
			},
			subscriberUrlRules(c.req.url, c.env),
			body.actor ?? "ops",
			now,
		);
		if (subscriber === null) throw noSubscriber(id);
		return c.json(toSubscriberAnswer(subscriber, now), 200, NO_STORE);
	})
	.openapi(remove, async (c) => {
		const { id } = c.req.valid("param");
		if (!(await deleteSubscriber(c.env.DB, id, "ops", new Date()))) throw noSubscriber(id);
		return c.body(null, 204, NO_STORE);
	})
	.openapi(rotate, async (c) => {
		const { id } = c.req.valid("param");
		const now = new Date();
		const subscriber = await rotateSubscriberSecret(c.env.DB, id, "ops", now);
		if (subscriber === null || subscriber.secret === null || subscriber.previousSecretUntil === null) {
			throw noSubscriber(id);
		}
		return c.json(
			{
				...toSubscriberAnswer(subscriber, now),
				secret: subscriber.secret,
				previous_secret_valid_until: subscriber.previousSecretUntil,
			},
			200,
			NO_STORE,
		);
	})
	.openapi(test, async (c) => {
		const { id } = c.req.valid("param");
		const subscriber = await findSubscriber(c.env.DB, id);
		if (subscriber === null) throw noSubscriber(id);
		return c.json(toTestSendAnswer(await sendTestEvent(subscriber, c.env, new Date())), 200, NO_STORE);
	});
