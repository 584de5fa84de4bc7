import { runBatch } from "../../db/batch-plan";
import type { Db } from "../../db/sql";
import { createRequestPlan } from "../../db/subscriptions/requests";
import { DomainError } from "../../domain/errors";
import { checkSubscriberUrl, type SubscriberUrlRules } from "../../domain/notifications/subscriber-url";
import { hashedFormOfAddress, mailtoUrl, normaliseEmail } from "../../domain/subscriptions/address";
import {
	CONFIRMATION_VALID_MS,
	MAX_PENDING_PER_ADDRESS,
	MAX_PENDING_TOTAL,
	type SubscriptionKind,
} from "../../domain/subscriptions/limits";
import { randomId } from "../../lib/random-id";
import { newSecret } from "../../lib/standard-webhooks";
import { confirmToken, sha256Hex } from "../../lib/subscription-tokens";
import { isRegisteredSurface, notRegistered } from "../../surfaces/registry";

export type SubscribeInput = { email: string } | { webhookUrl: string };

/** A subscription as it will be stored: checked, normalised, its address hashed. Nothing written yet. */
export interface CheckedSubscription {
	kind: SubscriptionKind;
	address: string;
	addressHash: string;
	subscriberUrl: string;
	/** null: every surface. */
	surfaceIds: string[] | null;
}

/** Known surfaces only, each once, in the order given; none means every surface (null). */
export function checkedSurfaces(surfaceIds: readonly string[] | undefined): string[] | null {
	const unique = [...new Set(surfaceIds ?? [])];
	const unknown = unique.filter((id) => !isRegisteredSurface(id));
	if (unknown.length > 0) throw new DomainError("unknown_surface", `${notRegistered(unknown)}; nothing was written.`);
	return unique.length === 0 ? null : unique;
}

/**
 * The address checked as notifications' targets are: an email address's syntax, or a webhook URL under
 * the rules an operator's subscriber is held to; refused (422) with nothing written. The refusal never
 * repeats the address.
 */
export async function checkSubscription(
	input: SubscribeInput,
	surfaceIds: readonly string[] | undefined,
	rules: SubscriberUrlRules,
): Promise<CheckedSubscription> {
	const surfaces = checkedSurfaces(surfaceIds);
	if ("email" in input) {
		const email = normaliseEmail(input.email);
		if (!email.ok) throw new DomainError("invalid_email_address", `email ${email.problem}; nothing was written.`);
		return {
			kind: "email",
			address: email.address,
			addressHash: await sha256Hex(hashedFormOfAddress(email.address)),
			subscriberUrl: mailtoUrl(email.address),
			surfaceIds: surfaces,
		};
	}
	const url = checkSubscriberUrl("webhook", input.webhookUrl, rules);
	if (!url.ok) throw new DomainError("invalid_subscriber_url", `webhook_url ${url.problem}; nothing was written.`);
	// A fragment never reaches the receiver: the same receiver with or without one is one address.
	url.url.hash = "";
	return {
		kind: "webhook",
		address: url.url.href,
		addressHash: await sha256Hex(hashedFormOfAddress(url.url.href)),
		subscriberUrl: url.url.href,
		surfaceIds: surfaces,
	};
}

/**
 * A pending request for the subscription, unless the address is subscribed already, has a request from
 * the last 24 hours (its confirmation is on its way: at most one per address per window) or is at its
 * cap; all three look alike from outside. Returns the new request's id (its confirmation is to be
 * sent) or null; the pending requests' total cap full is 503 subscriptions_full.
 */
export async function requestSubscription(
	db: Db,
	subscription: CheckedSubscription,
	linkKey: string,
	now: Date,
): Promise<string | null> {
	const id = randomId("sreq_");
	const [outcome] = await runBatch(
		db,
		createRequestPlan(
			db,
			{
				id,
				kind: subscription.kind,
				address: subscription.address,
				addressHash: subscription.addressHash,
				subscriberUrl: subscription.subscriberUrl,
				surfaceIds: subscription.surfaceIds,
				tokenHash: await sha256Hex(await confirmToken(linkKey, id)),
				secret: subscription.kind === "webhook" ? newSecret() : null,
				expiresAt: new Date(now.getTime() + CONFIRMATION_VALID_MS).toISOString(),
			},
			{
				nowIso: now.toISOString(),
				repeatAfterIso: new Date(now.getTime() - CONFIRMATION_VALID_MS).toISOString(),
				perAddress: MAX_PENDING_PER_ADDRESS,
				total: MAX_PENDING_TOTAL,
			},
		),
	);
	if (outcome === "full") {
		throw new DomainError(
			"subscriptions_full",
			"Too many subscriptions are waiting for their confirmation; try again later. Nothing was written.",
		);
	}
	return outcome === "created" ? id : null;
}
