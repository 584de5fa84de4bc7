import { z } from "@hono/zod-openapi";
import { EMAIL_MAX_LENGTH } from "../../domain/subscriptions/address";
import { CONFIRMATION_VALID_MS } from "../../domain/subscriptions/limits";
import { SURFACES } from "../../surfaces/registry";
import { WrittenSurfaceId } from "../shared/schemas";
import { SUBSCRIBER_URL_MAX_LENGTH } from "../subscribers/schemas";

/** Surface ids a subscribe may name, at most (each known surface twice: repeats are dropped, not refused). */
const SURFACE_IDS_MAX = 2 * SURFACES.length;

/** Turnstile's field, as its widget posts it (read by the subscribe guard when Turnstile is on). */
export const TURNSTILE_FIELD = "cf-turnstile-response";
const TurnstileToken = z.string().max(4096).optional().openapi({
	description: "Turnstile's token, when the page is configured with Turnstile (the widget fills it in)",
});

const Email = z
	.string()
	.max(EMAIL_MAX_LENGTH + 64)
	.openapi({
		description: `An email address (at most ${EMAIL_MAX_LENGTH} characters once trimmed). Never echoed in an answer.`,
		example: "ops@example.com",
	});

const WebhookUrl = z.string().max(SUBSCRIBER_URL_MAX_LENGTH).openapi({
	description:
		"A webhook receiving Standard Webhooks-signed JSON: https on port 443 to a public host name (the rules of operators' subscribers). Never echoed in an answer.",
	example: "https://hooks.example.com/status",
});

const SurfaceIds = z.array(WrittenSurfaceId).max(SURFACE_IDS_MAX).openapi({
	description: "Only events of these registered surfaces (repeats ignored); omitted or empty: every surface",
});

const oneAddress = (body: { email?: string | undefined; webhook_url?: string | undefined }) =>
	(body.email === undefined) !== (body.webhook_url === undefined);
const ONE_ADDRESS = { message: "give exactly one of email and webhook_url", path: ["(body)"] };

export const SubscribeJsonSchema = z
	.strictObject({
		email: Email.optional(),
		webhook_url: WebhookUrl.optional(),
		surface_ids: SurfaceIds.optional(),
		turnstile_token: TurnstileToken,
		[TURNSTILE_FIELD]: TurnstileToken,
	})
	.refine(oneAddress, ONE_ADDRESS)
	.openapi("SubscribeRequest");

/** A form field left empty is a field not given (the page's form always posts its email field). */
const formField = <T extends z.ZodTypeAny>(schema: T) =>
	z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const SubscribeFormSchema = z
	.strictObject({
		email: formField(Email),
		webhook_url: formField(WebhookUrl),
		// A form repeats the field, once per ticked box: one box is a string.
		surface_ids: z.preprocess((value) => (typeof value === "string" ? [value] : value), SurfaceIds).optional(),
		[TURNSTILE_FIELD]: TurnstileToken,
	})
	.refine(oneAddress, ONE_ADDRESS)
	.openapi("SubscribeForm");

export const SubscribeAnswerSchema = z
	.object({
		status: z.literal("confirmation_pending"),
		detail: z.string(),
	})
	.openapi("SubscribeAnswer");

export const SUBSCRIBE_ANSWER = {
	status: "confirmation_pending",
	detail: `If this address can be subscribed, a confirmation is on its way (or already was); its link works for ${CONFIRMATION_VALID_MS / 3_600_000} hours. Nothing is sent until it is confirmed.`,
} as const;
