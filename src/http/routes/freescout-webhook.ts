import { z } from "@hono/zod-openapi";
import { MAX_CLOCK_SKEW_TEXT } from "../../domain/instants";
import { fieldNamesFromEnv } from "../../integrations/freescout/custom-fields";
import { NativeConversationSchema, RelayEventSchema } from "../../integrations/freescout/formats";
import { parseDelivery } from "../../integrations/freescout/parse-delivery";
import { INTERNAL_PATHS } from "../../paths";
import { applyTicketEvent } from "../../verbs/apply-ticket-event";
import { toTicketEventAnswer } from "../incidents/presenters";
import { TicketEventResponseSchema } from "../incidents/schemas";
import { INTERNAL_TOKEN_HEADER } from "../internal-auth";
import { assertJsonContentType, decodeUtf8Body, limitBody, parseJsonText } from "../json-body";
import { problemResponses, tagged } from "../openapi-helpers";
import { createRouter, invalidInput } from "../router";
import { authenticateWebhook, requireSchemeOfFormat, SIGNATURE_HEADER } from "../webhook-auth";

const PATH = INTERNAL_PATHS.freescoutWebhook;

/** FreeScout posts the whole conversation, threads included; generous, but bounded. */
export const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;

export const freescoutWebhookRoutes = createRouter();

// Documented here, handled below: the signature must be checked over the raw bytes before any
// parsing, so this route reads its body itself instead of through the OpenAPI validator.
freescoutWebhookRoutes.openAPIRegistry.registerPath({
	method: "post",
	tags: tagged("internal"),
	path: PATH,
	summary: "FreeScout ticket events: the relay format or FreeScout's own webhook module",
	description: `Authenticated by ${SIGNATURE_HEADER} (relay: \`sha256=<hex HMAC-SHA256>\`; FreeScout: base64 HMAC-SHA1) over the raw body, or by ${INTERNAL_TOKEN_HEADER} for a relay that verified the signature itself. Native deliveries carry their event in X-FreeScout-Event. Repeats change nothing; events older than the last one applied to the ticket are acknowledged and ignored, and events of one update time merge by rank (a close wins). A ticket time more than ${MAX_CLOCK_SKEW_TEXT} past the Worker's clock, or a creation after the update, is 422 and writes nothing.`,
	security: [{ FreeScoutSignature: [] }, { InternalToken: [] }],
	request: {
		headers: z.object({
			"X-FreeScout-Event": z.string().optional().openapi({ example: "convo.status" }),
		}),
		body: {
			required: true,
			content: { "application/json": { schema: z.union([RelayEventSchema, NativeConversationSchema]) } },
		},
	},
	responses: {
		200: {
			description: "Acknowledged: what the event did",
			content: { "application/json": { schema: TicketEventResponseSchema } },
		},
		...problemResponses(400, 401, 413, 415, 422, 503),
	},
});

freescoutWebhookRoutes.post(PATH, limitBody(MAX_WEBHOOK_BODY_BYTES), async (c) => {
	const rawBody = await c.req.arrayBuffer();
	const credential = await authenticateWebhook(c, rawBody);
	assertJsonContentType(c.req.header("Content-Type"));
	const body = parseJsonText(decodeUtf8Body(rawBody));

	const delivery = parseDelivery(body, c.req.header("X-FreeScout-Event"), fieldNamesFromEnv(c.env));
	if (delivery.kind === "invalid") {
		const format = delivery.format === "unknown" ? "FreeScout" : `FreeScout ${delivery.format}`;
		throw invalidInput("body", delivery.issues, `body (a ${format} delivery)`);
	}
	if (delivery.kind === "ticket") await requireSchemeOfFormat(c, credential, delivery.format);
	if (delivery.kind === "not_a_ticket") {
		return c.json({ outcome: "ignored", reason: "not_a_ticket_event", incident: null, surface: null }, 200);
	}

	const outcome = await applyTicketEvent(c.env.DB, delivery.snapshot, new Date());
	console.log(
		JSON.stringify({
			event: "freescout_webhook",
			format: delivery.format,
			freescout_event: delivery.snapshot.event,
			ticket: delivery.snapshot.ticketId,
			outcome: outcome.outcome,
		}),
	);
	return c.json(toTicketEventAnswer(outcome), 200, { "Cache-Control": "no-store" });
});
