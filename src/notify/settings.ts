import type { PageSubject } from "../domain/notifications/event";
import { configuredPageIdentity } from "../domain/page-identity";
import { type CacheEnv, publicOrigin } from "../public-cache/settings";

/** A receiver has this long to answer (Standard Webhooks: 15-30 s; Statuspage's receivers: 30 s). */
export const POST_TIMEOUT_MS = 15_000;

/** An attempt holds its delivery this long: longer than the POST's deadline and its record. */
export const ATTEMPT_LEASE_MS = 60_000;

/**
 * A delivery due this long with nothing done lost its queue message (a send() that threw, an
 * isolate that died mid-attempt): the cron sends it another. Longer than a busy queue's lag.
 */
export const LOST_MESSAGE_MS = 10 * 60_000;

export type NotifyEnv = Pick<Env, "DB" | "NOTIFY_QUEUE" | "STATUS_PAGE_ID" | "STATUS_PAGE_NAME"> &
	CacheEnv & { NOTIFICATIONS_ALLOW_LOOPBACK?: string };

/** The page as notifications name it: its id, name and public URL. */
export function notifiedPage(env: NotifyEnv): PageSubject {
	const { id, name } = configuredPageIdentity(env);
	return { id, name, url: `${publicOrigin(env).replace(/\/$/, "")}/` };
}

/** NOTIFICATIONS_ALLOW_LOOPBACK: local development and tests only (npm run check refuses it). */
export const loopbackAllowed = (env: { NOTIFICATIONS_ALLOW_LOOPBACK?: string }): boolean =>
	env.NOTIFICATIONS_ALLOW_LOOPBACK === "true";

/** Where deliveries may go now: not this page's own host, loopback only where it is allowed. */
export const sendingRules = (env: NotifyEnv) => ({
	ownHosts: [new URL(publicOrigin(env)).hostname],
	allowLoopback: loopbackAllowed(env),
});
