// When a failed delivery is tried again: Standard Webhooks' schedule (about three days), with
// jitter so that the deliveries of one outage do not all return at the same instant.

const SECOND = 1;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait before attempt 2, 3, ... (attempt 1 is at once): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const RETRY_DELAYS_SECONDS = [
	5,
	5 * MINUTE,
	30 * MINUTE,
	2 * HOUR,
	5 * HOUR,
	10 * HOUR,
	14 * HOUR,
	20 * HOUR,
	24 * HOUR,
];

/** Attempts in all: the first, and one after each delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** Each delay is made longer by up to this share of itself (never shorter, so the schedule keeps its three days). */
export const JITTER = 0.1;

/** The longest a Cloudflare Queues message may be delayed: a longer wait is made of several hops. */
export const MAX_QUEUE_DELAY_SECONDS = 12 * HOUR;

/** A receiver's Retry-After is honoured up to this (a day), never beyond. */
export const MAX_RETRY_AFTER_SECONDS = 24 * HOUR;

/**
 * Seconds to wait after failed attempt `attempt` (1-based) before the next, or null when it was
 * the last. At least what the receiver asked for in Retry-After (capped at a day). `random` is in
 * [0, 1): Math.random in production, fixed in tests.
 */
export function retryDelaySeconds(attempt: number, retryAfterSeconds: number | null, random: number): number | null {
	const base = RETRY_DELAYS_SECONDS[attempt - 1];
	if (base === undefined || !Number.isInteger(attempt) || attempt < 1) return null;
	const jittered = Math.round(base * (1 + JITTER * random));
	const asked = retryAfterSeconds === null ? 0 : Math.min(Math.max(retryAfterSeconds, 0), MAX_RETRY_AFTER_SECONDS);
	return Math.max(jittered, Math.ceil(asked), 1);
}

/** The delay of the next queue hop towards a wait of `remainingSeconds`. */
export function queueHopSeconds(remainingSeconds: number): number {
	return Math.min(Math.max(Math.ceil(remainingSeconds), 0), MAX_QUEUE_DELAY_SECONDS);
}

/** Retry-After as seconds (a number of seconds, or an HTTP date relative to `now`), or null. */
export function retryAfterSeconds(header: string | null, now: number): number | null {
	if (header === null) return null;
	const text = header.trim();
	if (/^\d{1,10}$/.test(text)) return Number(text);
	const at = Date.parse(text);
	if (!/[A-Za-z]/.test(text) || Number.isNaN(at)) return null;
	return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The most queue retries one delivery can use: each wait, at its longest (jittered, or a
 * receiver's Retry-After of a day), in 12-hour hops. The consumer's max_retries must allow it.
 */
export function worstCaseQueueHops(): number {
	return RETRY_DELAYS_SECONDS.reduce((hops, base) => {
		const longest = Math.max(Math.round(base * (1 + JITTER)), MAX_RETRY_AFTER_SECONDS);
		return hops + Math.ceil(longest / MAX_QUEUE_DELAY_SECONDS);
	}, 0);
}
