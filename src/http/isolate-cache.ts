import { etagMatches } from "./etag";
import { CACHED_PUBLIC_PATHS, type CacheEnv, publicCacheSeconds } from "./public-cache-config";
import { requestPath } from "./request-path";

/**
 * The hottest layer of the public reads: the last answer of each, kept in this isolate for one
 * second and served before any routing. Writes in this isolate clear it; another isolate of the
 * same data center may answer from its own copy for up to that second (the Cache API behind it is
 * cleared by every write). At a status page's peak that second turns almost every read into a
 * memory lookup. Served by src/http/early-answers.ts.
 */
export const ISOLATE_CACHE_MS = 1000;

interface Entry {
	expires: number;
	etag: string;
	// Built once per entry: a Response copies a Headers object far faster than it builds one from
	// a list, and a hit is otherwise nothing but that copy.
	headers: Headers;
	notModifiedHeaders: Headers;
	body: string;
}

const entries = new Map<string, Entry>();
const CACHED: ReadonlySet<string> = new Set(CACHED_PUBLIC_PATHS);

function cacheablePath(request: Request): string | null {
	if (request.method !== "GET" && request.method !== "HEAD") return null;
	const { path } = requestPath(request.url);
	return CACHED.has(path) ? path : null;
}

/** The remembered answer to a public read of `path`, or null when there is none still fresh. */
export function rememberedAnswer(
	path: string,
	head: boolean,
	requestHeaders: Headers,
	env: CacheEnv,
	now = Date.now(),
): Response | null {
	const entry = entries.get(path);
	if (!entry || entry.expires <= now || publicCacheSeconds(env) === 0) return null;
	if (etagMatches(requestHeaders.get("If-None-Match"), entry.etag)) {
		return new Response(null, { status: 304, headers: entry.notModifiedHeaders });
	}
	return new Response(head ? null : entry.body, { status: 200, headers: entry.headers });
}

/** Remembers a fresh 200 answer to a public read; returns a response to send in its place. */
export async function rememberInIsolate(request: Request, response: Response, env: CacheEnv): Promise<Response> {
	const path = cacheablePath(request);
	const etag = response.headers.get("ETag");
	if (path === null || request.method !== "GET" || response.status !== 200 || !etag || publicCacheSeconds(env) === 0) {
		return response;
	}
	const body = await response.text();
	const headers = new Headers(response.headers);
	const notModifiedHeaders = new Headers(response.headers);
	notModifiedHeaders.delete("Content-Type");
	notModifiedHeaders.delete("Content-Length");
	entries.set(path, { expires: Date.now() + ISOLATE_CACHE_MS, etag, headers, notModifiedHeaders, body });
	return new Response(body, { status: 200, headers });
}

export function forgetIsolateCache(): void {
	entries.clear();
}
