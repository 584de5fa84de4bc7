import { z } from "@hono/zod-openapi";
import { DEFAULT_EVENT_TYPES, EVENT_TYPES } from "../../domain/notifications/event";
import { DELIVERY_STATUSES, SUBSCRIBER_NAME_MAX_LENGTH } from "../../domain/notifications/outbox";
import {
	containsUrl,
	DEFAULT_DISABLED_REASON,
	DISABLED_REASON_MAX_LENGTH,
	LISTING_LIMIT,
	PREVIOUS_SECRET_VALID_MS,
} from "../../domain/notifications/subscriber";
import { SUBSCRIBER_KINDS } from "../../domain/notifications/subscriber-url";
import { SURFACES } from "../../surfaces/registry";
import { Actor, PUBLIC_TEXT_RULE_TEXT, publicText, WrittenSurfaceId } from "../shared/schemas";

/** A URL's length, at most: a Teams workflow URL is a few hundred characters. */
export const SUBSCRIBER_URL_MAX_LENGTH = 2048;

const unique = (values: readonly string[]) => new Set(values).size === values.length;

const SubscriberKindEnum = z.enum(SUBSCRIBER_KINDS).openapi("SubscriberKind");
const EventTypeEnum = z.enum(EVENT_TYPES).openapi("EventType");
const DeliveryStatusEnum = z.enum(DELIVERY_STATUSES).openapi("DeliveryStatus");

const SubscriberName = publicText(SUBSCRIBER_NAME_MAX_LENGTH).openapi({
	example: "Ops channel",
	description: `At most ${SUBSCRIBER_NAME_MAX_LENGTH} characters, ${PUBLIC_TEXT_RULE_TEXT}.`,
});

const SubscriberUrl = z.string().min(1).max(SUBSCRIBER_URL_MAX_LENGTH).openapi({
	description:
		"https on port 443 to a public host name, never this status page, an IP address or a private name; slack, discord and teams only their own incoming-webhook URLs. Kept secret: answers show only its scheme and host.",
	example: "https://hooks.slack.com/services/T000/B000/XXXX",
});

const Events = z
	.array(EventTypeEnum)
	.min(1)
	.max(EVENT_TYPES.length)
	.refine(unique, { message: "must not repeat an event type" })
	.openapi({ description: `The events it is sent. Default: ${DEFAULT_EVENT_TYPES.join(", ")}` });

const SurfaceIds = z
	.array(WrittenSurfaceId)
	.min(1)
	.max(SURFACES.length)
	.refine(unique, { message: "must not repeat a surface" })
	.nullable()
	.openapi({ description: "Only events of these registered surfaces; omitted or null: every surface" });

const DisabledReason = publicText(DISABLED_REASON_MAX_LENGTH)
	.refine((text) => !containsUrl(text), { message: "must not contain a URL" })
	.openapi({ description: `Why it is disabled (enabled: false only). Default: ${DEFAULT_DISABLED_REASON}` });

export const SubscriberBodySchema = z
	.strictObject({
		kind: SubscriberKindEnum,
		name: SubscriberName,
		url: SubscriberUrl,
		events: Events.optional(),
		surface_ids: SurfaceIds.optional(),
		actor: Actor.optional().openapi({ description: "Who creates it, for the audit log (default ops)" }),
	})
	.openapi("SubscriberRequest");

export const SubscriberPatchSchema = z
	.strictObject({
		name: SubscriberName.optional(),
		url: SubscriberUrl.optional(),
		events: Events.optional(),
		surface_ids: SurfaceIds.optional(),
		enabled: z.boolean().optional().openapi({ description: "true clears the reason and the failures in a row" }),
		disabled_reason: DisabledReason.optional(),
		actor: Actor.optional().openapi({ description: "Who changes it, for the audit log (default ops)" }),
	})
	.refine((body) => Object.keys(body).some((key) => key !== "actor"), {
		message: "must change at least one of name, url, events, surface_ids, enabled",
	})
	.refine((body) => body.disabled_reason === undefined || body.enabled === false, {
		path: ["disabled_reason"],
		message: "only with enabled: false",
	})
	.openapi("SubscriberPatch");

/** A subscriber or delivery id: sub_ or msg_ and hex, or anything alike (an unknown one is 404). */
const RecordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'");

export const IdParamsSchema = z.object({
	id: RecordId.openapi({ param: { name: "id", in: "path" }, example: "sub_0123456789abcdef0123456789abcdef" }),
});

const pageQuery = {
	limit: z
		.string()
		.regex(/^\d{1,3}$/, "must be a whole number")
		.refine((text) => Number(text) >= 1 && Number(text) <= LISTING_LIMIT.max, {
			message: `must be 1 to ${LISTING_LIMIT.max}`,
		})
		.optional()
		.openapi({
			param: { name: "limit", in: "query" },
			description: `Rows per page, 1 to ${LISTING_LIMIT.max} (default ${LISTING_LIMIT.default})`,
		}),
	after: RecordId.optional().openapi({
		param: { name: "after", in: "query" },
		description: "The page after this id: the previous page's `next_after`",
	}),
};

export const SubscriberListQuerySchema = z.strictObject(pageQuery);
export const DeliveryPageQuerySchema = z.strictObject(pageQuery);
export const DeliveryListQuerySchema = z.strictObject({
	...pageQuery,
	status: DeliveryStatusEnum.optional().openapi({
		param: { name: "status", in: "query" },
		description: "Only the deliveries of this status; omitted: all",
	}),
});

// Each answer's object is whole (no allOf of the one it extends), so a reader sees its fields at once.
const subscriberFields = {
	id: z.string().openapi({ example: "sub_0123456789abcdef0123456789abcdef" }),
	kind: SubscriberKindEnum,
	name: z.string(),
	url: z.string().openapi({ description: "Its scheme and host only", example: "https://hooks.slack.com/…" }),
	events: z.array(EventTypeEnum),
	surface_ids: z.array(z.string()).nullable(),
	enabled: z.boolean(),
	disabled_reason: z.string().nullable(),
	consecutive_failures: z.number().int(),
	previous_secret_valid_until: z
		.string()
		.nullable()
		.openapi({ description: "webhook: until when the secret before the last rotation also signs" }),
	created_at: z.string(),
	updated_at: z.string(),
};
const SubscriberSchema = z.object(subscriberFields).openapi("Subscriber");

const Secret = z.string().openapi({
	description:
		"The Standard Webhooks signing secret (whsec_...): shown in this answer only, never again. Keep it with the receiver.",
	example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
});

export const SubscriberResponseSchema = SubscriberSchema;

export const SubscriberCreatedSchema = z
	.object({
		...subscriberFields,
		secret: Secret.nullable().openapi({ description: "webhook only (null for the others); shown here only" }),
	})
	.openapi("SubscriberCreated");

export const SecretRotatedSchema = z
	.object({
		...subscriberFields,
		secret: Secret,
		previous_secret_valid_until: z.string().openapi({
			description: `The secret it replaces also signs until then (${PREVIOUS_SECRET_VALID_MS / 3_600_000} hours)`,
		}),
	})
	.openapi("SecretRotated");

export const SubscriberListSchema = z
	.object({
		subscribers: z.array(SubscriberSchema),
		next_after: z.string().nullable().openapi({ description: "The `after` of the next page; null: none" }),
	})
	.openapi("SubscriberList");

export const TestSendSchema = z
	.object({
		delivered: z.boolean(),
		status_code: z.number().int().nullable().openapi({ description: "The receiver's status; null: no answer" }),
		error: z.string().nullable().openapi({ description: "Why it was not delivered" }),
		outcome: z.enum(["delivered", "retry", "failed", "disable"]).openapi({
			description:
				"What a real delivery would make of this answer: retry (later), failed, disable (the subscriber would be disabled)",
		}),
	})
	.openapi("TestSend");

const DeliverySchema = z
	.object({
		id: z.string().openapi({ example: "msg_0123456789abcdef0123456789abcdef" }),
		event_id: z.string(),
		event_type: EventTypeEnum.nullable(),
		subscriber_id: z.string(),
		status: DeliveryStatusEnum,
		attempts: z.number().int(),
		last_status_code: z.number().int().nullable(),
		last_error: z.string().nullable(),
		next_attempt_at: z.string().nullable(),
		created_at: z.string(),
		delivered_at: z.string().nullable(),
	})
	.openapi("Delivery");

export const DeliveryResponseSchema = DeliverySchema;

export const DeliveryListSchema = z
	.object({
		deliveries: z.array(DeliverySchema).openapi({ description: "Newest first" }),
		next_after: z.string().nullable().openapi({ description: "The `after` of the next page; null: none" }),
	})
	.openapi("DeliveryList");
