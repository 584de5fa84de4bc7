import { ATLASSIAN_V2_PATHS, PAGE_PATHS, PUBLIC_PATHS, SURFACE_PATH_PREFIX } from "../../paths";
import { freshCopy, ISOLATE_CACHE_MS, keepCopy } from "../../public-cache/isolate-copies";
import { type CacheEnv, isCachedPublicPath, publicCacheSeconds } from "../../public-cache/settings";
import { etagMatches } from "./etag";
import { type RequestPath, requestPath } from "./request-path";
import { olderUpdatesOfQuery, uptimeVariantOfQuery } from "./variant-keys";

// The isolate's layer in front of the Cache API: which answers it keeps, answering from a kept copy,
// and keeping an answer. The copies themselves are kept in public-cache/isolate-copies.ts, where
// writes clear them.

const DERIVED: ReadonlySet<string> = new Set([
	PUBLIC_PATHS.badge,
	PUBLIC_PATHS.shields,
	PUBLIC_PATHS.health,
	PUBLIC_PATHS.feedAtom,
	PUBLIC_PATHS.feedRss,
	...Object.values(ATLASSIAN_V2_PATHS),
	PAGE_PATHS.home,
]);
const ONE_INCIDENT_PREFIX = `${PUBLIC_PATHS.incidents}/`;
const INCIDENT_PAGE_PREFIX = PAGE_PATHS.incident.replace("{id}", "");

/**
 * What an isolate copy is kept under: the path of a cached public read, of one incident, of a
 * surface's badge, of the page's badge and shields.io endpoint, the health answer, a feed, a
 * Statuspage endpoint, the HTML page or an incident's page (a query string changes nothing), or
 * the variant the query string asks for,
 * in its one spelling (variant-keys.ts), for the uptime history and for an incident's page of
 * older updates (`before=`: every valid query is an answer of its own; isolate-copies.ts bounds
 * how many are kept). Null for a read kept nowhere, and for a query only the route can judge.
 */
export function isolateKey({ path, target, hasQuery }: RequestPath): string | null {
	const query = hasQuery ? target.slice(path.length) : "";
	if (path === PUBLIC_PATHS.uptime) return uptimeVariantOfQuery(query);
	if (path.startsWith(ONE_INCIDENT_PREFIX) || path.startsWith(INCIDENT_PAGE_PREFIX)) {
		return hasQuery ? olderUpdatesOfQuery(path, query) : path;
	}
	if (path.startsWith(SURFACE_PATH_PREFIX)) return path;
	if (DERIVED.has(path)) return path;
	return isCachedPublicPath(path) ? path : null;
}

function cacheableKey(request: Request): string | null {
	if (request.method !== "GET" && request.method !== "HEAD") return null;
	return isolateKey(requestPath(request.url));
}

/** The remembered answer to a public read kept under `key`, or null when there is none still fresh. */
export function rememberedAnswer(
	key: string,
	head: boolean,
	requestHeaders: Headers,
	env: CacheEnv,
	now = Date.now(),
): Response | null {
	const copy = freshCopy(key, now);
	if (!copy || publicCacheSeconds(env) === 0) return null;
	if (etagMatches(requestHeaders.get("If-None-Match"), copy.etag)) {
		return new Response(null, { status: 304, headers: copy.notModifiedHeaders });
	}
	return new Response(head ? null : copy.body, { status: 200, headers: copy.headers });
}

/** Remembers a fresh 200 answer to a public read; returns a response to send in its place. */
export async function rememberInIsolate(request: Request, response: Response, env: CacheEnv): Promise<Response> {
	const key = cacheableKey(request);
	const etag = response.headers.get("ETag");
	if (key === null || request.method !== "GET" || response.status !== 200 || !etag || publicCacheSeconds(env) === 0) {
		return response;
	}
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	const notModifiedHeaders = new Headers(response.headers);
	notModifiedHeaders.delete("Content-Type");
	notModifiedHeaders.delete("Content-Length");
	keepCopy(key, { expires: Date.now() + ISOLATE_CACHE_MS, etag, headers, notModifiedHeaders, body });
	return new Response(body, { status: 200, headers });
}
