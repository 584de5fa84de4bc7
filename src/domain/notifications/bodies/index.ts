import type { NotificationEvent } from "../event";
import type { SubscriberKind } from "../subscriber-url";
import { discordBody } from "./discord";
import { genericBody } from "./generic";
import type { SubscriberLinks } from "./links";
import { slackBody } from "./slack";
import { statuspageBody } from "./statuspage";
import { teamsBody } from "./teams";

// The body each kind of subscriber is sent, from the event alone: the same event always gives the
// same bytes, so a retry sends (and signs) exactly what the first attempt did.

const BODIES: Readonly<Record<SubscriberKind, (event: NotificationEvent, links: SubscriberLinks | null) => unknown>> = {
	webhook: genericBody,
	statuspage: statuspageBody,
	slack: slackBody,
	discord: discordBody,
	teams: teamsBody,
};

/** The exact bytes to POST to a subscriber of `kind` about `event`: JSON (with a self-service subscriber's links). */
export function renderBody(
	kind: SubscriberKind,
	event: NotificationEvent,
	links: SubscriberLinks | null = null,
): string {
	return JSON.stringify(BODIES[kind](event, links));
}
