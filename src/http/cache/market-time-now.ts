import { marketClock } from "../../domain/market/market-clock";
import { formatNewYork } from "../../domain/market/new-york-time";
import { toMarketTimeAnswer } from "../market/presenters";
import { PUBLIC_ANSWER_HEADERS } from "../security-headers";

/** The clock's answer holds until the next session edge (or New York midnight), never longer. */
export function marketTimeMaxAge(nextChangeMs: number, nowMs: number): number {
	return Math.max(0, Math.floor((nextChangeMs - nowMs) / 1000));
}

export function marketTimeCacheControl(maxAgeSeconds: number): string {
	return `public, max-age=${maxAgeSeconds}`;
}

// Everything in the clock but its timestamp is constant until nextChange (that is what nextChange
// means), so the answer is serialized once per window and only the timestamp, its first member,
// once per millisecond.
let sessionWindow: { from: number; until: number; afterTimestamp: string } | null = null;
// Cache-Control counts down once a second; its headers are rebuilt only when it moves.
let headersOf: { maxAge: number; headers: Headers } | null = null;
let lastBody: { at: number; body: string } | null = null;

/**
 * `GET /api/status/public/widgets/market-time` without `?at=`, the widget every page load asks
 * for, answered before routing (before-routing.ts): the same answer as the route's (a test
 * compares them).
 */
export function marketTimeNow(head: boolean, now: number): Response {
	if (!sessionWindow || now < sessionWindow.from || now >= sessionWindow.until) {
		const clock = marketClock(new Date(now));
		const { timestamp: _, ...rest } = toMarketTimeAnswer(clock);
		sessionWindow = { from: now, until: clock.nextChange.getTime(), afterTimestamp: JSON.stringify(rest).slice(1) };
	}
	const maxAge = marketTimeMaxAge(sessionWindow.until, now);
	if (headersOf?.maxAge !== maxAge) {
		headersOf = {
			maxAge,
			headers: new Headers({
				...PUBLIC_ANSWER_HEADERS,
				"Content-Type": "application/json",
				"Cache-Control": marketTimeCacheControl(maxAge),
			}),
		};
	}
	if (head) return new Response(null, { headers: headersOf.headers });
	// Up to tens of requests share a millisecond at the page's peak, and so their answer.
	if (lastBody?.at !== now) {
		const timestamp = formatNewYork(new Date(now), { milliseconds: true });
		lastBody = { at: now, body: `{"timestamp":"${timestamp}",${sessionWindow.afterTimestamp}` };
	}
	return new Response(lastBody.body, { headers: headersOf.headers });
}
