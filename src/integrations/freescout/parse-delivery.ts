import type { z } from "@hono/zod-openapi";
import type { TicketSnapshot } from "../../domain/ticket-snapshot";
import type { TicketFieldNames } from "./custom-fields";
import {
	NATIVE_TICKET_EVENTS,
	NativeConversationSchema,
	RelayEventSchema,
	snapshotFromNative,
	snapshotFromRelay,
} from "./formats";

export type Delivery =
	| { kind: "ticket"; format: "relay" | "native"; snapshot: TicketSnapshot }
	| { kind: "not_a_ticket"; event: string }
	| { kind: "invalid"; format: "relay" | "native" | "unknown"; issues: { path: string; message: string }[] };

const issuesOf = (error: z.ZodError) =>
	error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(body)", message: issue.message }));

/**
 * Reads one webhook delivery in either format: the relay format's envelope (`event` + `ticket`)
 * or FreeScout's native module (the bare conversation, its event in X-FreeScout-Event).
 */
export function parseDelivery(body: unknown, nativeEvent: string | undefined, names: TicketFieldNames): Delivery {
	const isRelay = typeof body === "object" && body !== null && "ticket" in body;
	if (isRelay) {
		const relay = RelayEventSchema.safeParse(body);
		if (!relay.success) return { kind: "invalid", format: "relay", issues: issuesOf(relay.error) };
		return { kind: "ticket", format: "relay", snapshot: snapshotFromRelay(relay.data, names) };
	}
	if (nativeEvent === undefined) {
		return {
			kind: "invalid",
			format: "unknown",
			issues: [{ path: "(body)", message: "neither a relay event (with `ticket`) nor sent with X-FreeScout-Event" }],
		};
	}
	if (!NATIVE_TICKET_EVENTS.has(nativeEvent)) return { kind: "not_a_ticket", event: nativeEvent };
	const native = NativeConversationSchema.safeParse(body);
	if (!native.success) return { kind: "invalid", format: "native", issues: issuesOf(native.error) };
	return { kind: "ticket", format: "native", snapshot: snapshotFromNative(native.data, nativeEvent, names) };
}
