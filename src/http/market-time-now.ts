import { marketClock } from "../domain/market/market-clock";
import { formatNewYork } from "../domain/market/new-york-time";
import { toMarketTimeAnswer } from "./presenters";
import { requestPath } from "./request-path";
import { SECURITY_HEADERS } from "./security-headers";

export const MARKET_TIME_PATH = "/api/status/public/widgets/market-time";

/** The clock's answer holds until the next session edge (or New York midnight), never longer. */
export function marketTimeCacheControl(nextChangeMs: number, nowMs: number): string {
	return `public, max-age=${Math.max(0, Math.floor((nextChangeMs - nowMs) / 1000))}`;
}

// Everything in the clock but its timestamp is constant until nextChange (that is what nextChange
// means), so the answer is serialized once per window and only the timestamp, its first member,
// per request.
let window: { from: number; until: number; afterTimestamp: string } | null = null;
// Cache-Control counts down once a second; its headers are rebuilt only when it moves.
let headersOf: { cacheControl: string; headers: Headers } | null = null;

/**
 * `GET /api/status/public/widgets/market-time` without `?at=`, the widget every page load asks
 * for: answered before routing, the same answer as the route's (a test compares them), or null
 * for any other request.
 */
export function answerMarketTimeNow(request: Request, now = Date.now()): Response | null {
	if (request.method !== "GET" && request.method !== "HEAD") return null;
	const { path, hasQuery } = requestPath(request.url);
	if (path !== MARKET_TIME_PATH || hasQuery) return null;
	if (!window || now < window.from || now >= window.until) {
		const clock = marketClock(new Date(now));
		const { timestamp: _, ...rest } = toMarketTimeAnswer(clock);
		window = { from: now, until: clock.nextChange.getTime(), afterTimestamp: JSON.stringify(rest).slice(1) };
	}
	const cacheControl = marketTimeCacheControl(window.until, now);
	if (headersOf?.cacheControl !== cacheControl) {
		headersOf = {
			cacheControl,
			headers: new Headers({
				...SECURITY_HEADERS,
				"Access-Control-Allow-Origin": "*",
				"Content-Type": "application/json",
				"Cache-Control": cacheControl,
			}),
		};
	}
	if (request.method === "HEAD") return new Response(null, { headers: headersOf.headers });
	const timestamp = formatNewYork(new Date(now), { milliseconds: true });
	return new Response(`{"timestamp":"${timestamp}",${window.afterTimestamp}`, { headers: headersOf.headers });
}
