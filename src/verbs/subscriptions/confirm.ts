import { runBatch } from "../../db/batch-plan";
import type { Db } from "../../db/sql";
import { confirmRequestPlan, findRequestByTokenHash, suppressedSince } from "../../db/subscriptions/requests";
import { DEFAULT_EVENT_TYPES } from "../../domain/notifications/event";
import { MAX_SELF_SERVICE_SUBSCRIBERS, type SubscriptionKind } from "../../domain/subscriptions/limits";
import { randomId } from "../../lib/random-id";
import { manageToken, sha256Hex, TOKEN_SHAPE } from "../../lib/subscription-tokens";

/**
 * Why a confirm link confirms nothing. unknown: no request has its token (never made, already
 * confirmed, or deleted once expired); suppressed: the address unsubscribed after the link was sent (a
 * replayed link subscribes nothing); full: the subscribers are at their cap.
 */
export type NotConfirmed = "unknown" | "expired" | "suppressed" | "full";

/** What a confirm link led to: each answers its own page. */
export type ConfirmResult =
	| { kind: "confirmed"; subscription: SubscriptionKind; manageToken: string; secret: string | null }
	| { kind: NotConfirmed };

/** Whether a confirm token leads to a request that may still be confirmed (a GET's question: nothing written). */
export async function confirmable(
	db: Db,
	token: string,
	now: Date,
): Promise<Exclude<NotConfirmed, "full"> | "pending"> {
	if (!TOKEN_SHAPE.test(token)) return "unknown";
	const request = await findRequestByTokenHash(db, await sha256Hex(token));
	if (request === null) return "unknown";
	if (request.expiresAt <= now.toISOString()) return "expired";
	if (await suppressedSince(db, request.addressHash, request.createdAt)) return "suppressed";
	return "pending";
}

const surfacesWords = (surfaceIds: readonly string[] | null) =>
	surfaceIds === null ? "all surfaces" : `surfaces ${surfaceIds.join(", ")}`;

/**
 * The request behind a confirm token made a subscriber of every lifecycle event (one batch: the
 * subscriber, its audit row, the request deleted). The token is single-use: the request it matched is
 * gone once confirmed, and a second confirm finds nothing.
 */
export async function confirmSubscription(db: Db, token: string, linkKey: string, now: Date): Promise<ConfirmResult> {
	const state = await confirmable(db, token, now);
	if (state !== "pending") return { kind: state };
	const request = await findRequestByTokenHash(db, await sha256Hex(token));
	if (request === null) return { kind: "unknown" };
	const subscriberId = randomId("sub_");
	const manageLinkToken = await manageToken(linkKey, subscriberId);
	const [confirmed] = await runBatch(
		db,
		confirmRequestPlan(
			db,
			request.id,
			{
				id: subscriberId,
				name: `self-service ${request.kind}`,
				manageTokenHash: await sha256Hex(manageLinkToken),
				events: DEFAULT_EVENT_TYPES,
				detail: `self-service ${request.kind} subscriber confirmed; events ${DEFAULT_EVENT_TYPES.join(", ")}; ${surfacesWords(request.surfaceIds)}`,
			},
			{ nowIso: now.toISOString(), cap: MAX_SELF_SERVICE_SUBSCRIBERS },
		),
	);
	if (confirmed !== null) {
		return { kind: "confirmed", subscription: confirmed.kind, manageToken: manageLinkToken, secret: confirmed.secret };
	}
	// Something changed between the read and the batch (a concurrent confirm, the expiry, an
	// unsubscribe), or the subscribers are full: the page says which.
	const after = await confirmable(db, token, now);
	return { kind: after === "pending" ? "full" : after };
}
