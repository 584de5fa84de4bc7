import { runBatch } from "../db/batch-plan";
import { WriteContentionError } from "../db/errors";
import { deleteSelfServiceSubscriberPlan, findSubscriberOrigin } from "../db/notifications/self-service-removal";
import {
	createSubscriberPlan,
	deleteSubscriberPlan,
	findSubscriber,
	rotateSecretPlan,
	type SubscriberRecord,
	updateSubscriberPlan,
} from "../db/notifications/subscribers";
import type { Db } from "../db/sql";
import { DomainError } from "../domain/errors";
import type { EventType } from "../domain/notifications/event";
import { MAX_SUBSCRIBERS, SUBSCRIBER_NAME_MAX_LENGTH } from "../domain/notifications/outbox";
import {
	auditOfChange,
	PREVIOUS_SECRET_VALID_MS,
	type SubscriberPatch,
	subscriberChange,
} from "../domain/notifications/subscriber";
import {
	checkSubscriberUrl,
	type SubscriberKind,
	type SubscriberUrlRules,
} from "../domain/notifications/subscriber-url";
import { publicTextProblem } from "../domain/public-text";
import { addressOfSubscriberUrl, hashedFormOfAddress } from "../domain/subscriptions/address";
import { randomId } from "../lib/random-id";
import { newSecret } from "../lib/standard-webhooks";
import { sha256Hex } from "../lib/subscription-tokens";
import { isRegisteredSurface, notRegistered } from "../surfaces/registry";

/** A concurrent change of the same subscriber makes an update start over; this many times at most. */
const ATTEMPTS = 3;

/** The URL as it will be called, or a 422 saying what is wrong with it (never the URL itself). */
function checkedUrl(kind: SubscriberKind, url: string, rules: SubscriberUrlRules): string {
	const check = checkSubscriberUrl(kind, url, rules);
	if (!check.ok) throw new DomainError("invalid_subscriber_url", `url ${check.problem}; nothing was written.`);
	return check.url.href;
}

function checkSurfaces(surfaceIds: readonly string[] | null | undefined): void {
	const unknown = (surfaceIds ?? []).filter((id) => !isRegisteredSurface(id));
	if (unknown.length > 0) throw new DomainError("unknown_surface", notRegistered(unknown));
}

function checkName(name: string | undefined): void {
	const problem = name === undefined ? null : publicTextProblem(name, SUBSCRIBER_NAME_MAX_LENGTH);
	if (problem) throw new DomainError("invalid_public_text", `name ${problem}.`);
}

export interface SubscriberInput {
	kind: SubscriberKind;
	name: string;
	url: string;
	events: readonly EventType[];
	surfaceIds: readonly string[] | null;
}

const surfacesWords = (surfaceIds: readonly string[] | null) =>
	surfaceIds === null ? "all surfaces" : `surfaces ${surfaceIds.join(", ")}`;

/**
 * A new subscriber, its URL checked where notifications may go, with a signing secret when it is a
 * generic webhook; refused (422 too_many_subscribers) past MAX_SUBSCRIBERS, with nothing written.
 */
export async function createSubscriber(
	db: Db,
	input: SubscriberInput,
	rules: SubscriberUrlRules,
	actor: string,
	now: Date,
): Promise<SubscriberRecord> {
	checkName(input.name);
	const url = checkedUrl(input.kind, input.url, rules);
	checkSurfaces(input.surfaceIds);
	const detail = `${input.kind} subscriber; events ${input.events.join(", ")}; ${surfacesWords(input.surfaceIds)}`;
	const [created] = await runBatch(
		db,
		createSubscriberPlan(
			db,
			{ ...input, id: randomId("sub_"), url, secret: input.kind === "webhook" ? newSecret() : null },
			{ actor, detail, nowIso: now.toISOString(), cap: MAX_SUBSCRIBERS },
		),
	);
	if (created === null) {
		throw new DomainError(
			"too_many_subscribers",
			`There are already ${MAX_SUBSCRIBERS} operators' subscribers (the most there may be): delete one first; nothing was written.`,
		);
	}
	return created;
}

/**
 * An operator's change of a subscriber: a new URL is checked as a new subscriber's is; enabling
 * clears its reason and its failures in a row. A patch that changes nothing writes nothing.
 * Null: no such subscriber.
 */
export async function updateSubscriber(
	db: Db,
	id: string,
	patch: SubscriberPatch,
	rules: SubscriberUrlRules,
	actor: string,
	now: Date,
): Promise<SubscriberRecord | null> {
	checkName(patch.name);
	checkSurfaces(patch.surfaceIds);
	for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
		const stored = await findSubscriber(db, id);
		if (stored === null) return null;
		const url = patch.url === undefined ? undefined : checkedUrl(stored.kind, patch.url, rules);
		const change = subscriberChange(stored, { ...patch, ...(url === undefined ? {} : { url }) });
		if (change === null) return stored;
		const [updated] = await runBatch(
			db,
			updateSubscriberPlan(
				db,
				id,
				stored,
				{ ...change.settings, resetFailures: change.switched === "enabled" },
				{ actor, audit: auditOfChange(change), nowIso: now.toISOString() },
			),
		);
		if (updated) return updated;
	}
	throw new WriteContentionError(`Subscriber '${id}'`, ATTEMPTS);
}

/**
 * A webhook subscriber's new secret; the one it replaces keeps signing for
 * PREVIOUS_SECRET_VALID_MS (a secret replaced before then stops at once). Null: no such subscriber.
 */
export async function rotateSubscriberSecret(
	db: Db,
	id: string,
	actor: string,
	now: Date,
): Promise<SubscriberRecord | null> {
	const stored = await findSubscriber(db, id);
	if (stored === null) return null;
	if (stored.kind !== "webhook") {
		throw new DomainError(
			"not_a_webhook_subscriber",
			`This subscriber is of kind ${stored.kind}: only webhook subscribers have a signing secret; nothing was written.`,
		);
	}
	const previousUntil = new Date(now.getTime() + PREVIOUS_SECRET_VALID_MS).toISOString();
	const [rotated] = await runBatch(
		db,
		rotateSecretPlan(db, id, { secret: newSecret(), previousUntil }, { actor, nowIso: now.toISOString() }),
	);
	return rotated;
}

/**
 * Removes the subscriber and every delivery of it, whatever its status. A self-service subscriber
 * also leaves its address's hash in subscription_suppressions (a replayed confirmation link cannot
 * bring it back) and takes its address's pending requests with it. False: no such subscriber.
 */
export async function deleteSubscriber(db: Db, id: string, actor: string, now: Date): Promise<boolean> {
	const nowIso = now.toISOString();
	for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
		const stored = await findSubscriberOrigin(db, id);
		if (stored === null) return false;
		if (stored.origin === "operator") {
			const [deleted] = await runBatch(
				db,
				deleteSubscriberPlan(db, id, { actor, detail: "removed with all its deliveries", nowIso }),
			);
			return deleted;
		}
		const addressHash = await sha256Hex(hashedFormOfAddress(addressOfSubscriberUrl(stored.url)));
		const [deleted] = await runBatch(
			db,
			deleteSelfServiceSubscriberPlan(
				db,
				id,
				{ seenUrl: stored.url, addressHash },
				{ actor, detail: "self-service subscriber removed with all its deliveries; its address suppressed", nowIso },
			),
		);
		if (deleted) return true;
	}
	throw new WriteContentionError(`Subscriber '${id}'`, ATTEMPTS);
}
