import { z } from "@hono/zod-openapi";
import { INSTANT_FORMAT_TEXT, INSTANT_RANGE_TEXT, supportedInstant } from "../../domain/instants";
import type { TicketSnapshot } from "../../domain/ticket-snapshot";
import { pickTicketFields, type TicketFieldNames } from "./custom-fields";

// Ticket times order deliveries and are stored: range-checked before any date arithmetic.
const Instant = z.iso
	.datetime({ offset: true, error: INSTANT_FORMAT_TEXT, abort: true })
	.refine((text) => supportedInstant(text) !== null, { message: `must be an instant ${INSTANT_RANGE_TEXT}` });
const TicketId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const OPEN_STATUSES = new Set(["open", "active", "pending"]);

/** The relay format: an envelope around the ticket. */
export const RelayEventSchema = z
	.object({
		event: z.string().min(1).max(100),
		event_id: z.string().min(1).max(200).optional(),
		ticket: z.object({
			id: TicketId,
			number: z.number().int().optional(),
			status: z.enum(["open", "active", "pending", "closed", "spam", "deleted"]),
			updated_at: Instant,
			created_at: Instant.optional(),
			custom_fields: z
				.array(z.object({ slug: z.string().max(200), value: z.string().max(2000).nullable() }))
				.max(100)
				.default([]),
		}),
	})
	.openapi("FreeScoutRelayEvent");
export type RelayEvent = z.infer<typeof RelayEventSchema>;

/** FreeScout's "API & Webhooks" module: the bare conversation object (only what we read). */
export const NativeConversationSchema = z
	.looseObject({
		id: TicketId,
		number: z.number().int().optional(),
		status: z.enum(["active", "pending", "closed", "spam"]),
		state: z.string().optional(),
		createdAt: Instant.nullish(),
		updatedAt: Instant.nullish(),
		userUpdatedAt: Instant.nullish(),
		closedAt: Instant.nullish(),
		customFields: z
			.array(
				z.looseObject({
					name: z.string().max(200),
					value: z.union([z.string().max(2000), z.number()]).nullish(),
					text: z.string().max(2000).nullish(),
				}),
			)
			.max(100)
			.default([]),
	})
	.refine((conversation) => conversation.updatedAt ?? conversation.userUpdatedAt ?? conversation.closedAt, {
		message: "needs updatedAt, userUpdatedAt or closedAt to order deliveries",
		path: ["updatedAt"],
	})
	.openapi("FreeScoutConversation");
export type NativeConversation = z.infer<typeof NativeConversationSchema>;

export function snapshotFromRelay(body: RelayEvent, names: TicketFieldNames): TicketSnapshot {
	const { ticket } = body;
	const fields = pickTicketFields(
		ticket.custom_fields.map((field) => ({ name: field.slug, value: field.value })),
		names,
	);
	return {
		ticketId: ticket.id,
		ticketNumber: ticket.number ?? null,
		open: OPEN_STATUSES.has(ticket.status) && !/deleted/i.test(body.event),
		updatedAt: new Date(ticket.updated_at),
		createdAt: ticket.created_at ? new Date(ticket.created_at) : null,
		...fields,
		event: body.event,
	};
}

export function snapshotFromNative(
	conversation: NativeConversation,
	event: string,
	names: TicketFieldNames,
): TicketSnapshot {
	const fields = pickTicketFields(
		conversation.customFields.map((field) => ({
			name: field.name,
			// A dropdown's option key is in `value` and its label in `text`: the label is what people chose.
			value: field.text?.trim()
				? field.text
				: field.value === null || field.value === undefined
					? null
					: String(field.value),
		})),
		names,
	);
	// FreeScout moves different timestamps for different changes (updatedAt need not move on a
	// status change); the latest of them orders the snapshots.
	const times = [conversation.updatedAt, conversation.userUpdatedAt, conversation.closedAt]
		.filter((time): time is string => typeof time === "string")
		.map((time) => new Date(time).getTime());
	// The outcome comes from the signed body only: X-FreeScout-Event is not covered by the signature,
	// so a replayed delivery with another event name must read exactly as it did.
	const deleted = conversation.state === "deleted";
	return {
		ticketId: conversation.id,
		ticketNumber: conversation.number ?? null,
		open: OPEN_STATUSES.has(conversation.status) && !deleted,
		updatedAt: new Date(Math.max(...times)),
		createdAt: conversation.createdAt ? new Date(conversation.createdAt) : null,
		...fields,
		event,
	};
}

/**
 * The native events that carry a conversation (FreeScout's API & Webhooks module). customer.*
 * events carry no ticket, and any other name means nothing here: both are acknowledged and ignored.
 * The event name never decides an outcome (it is not signed); it only says whether a body is read.
 */
export const NATIVE_TICKET_EVENTS: ReadonlySet<string> = new Set([
	"convo.created",
	"convo.assigned",
	"convo.status",
	"convo.moved",
	"convo.deleted",
	"convo.deleted_forever",
	"convo.restored",
	"convo.customer.reply.created",
	"convo.agent.reply.created",
	"convo.note.created",
]);
