import type { Context } from "hono";
import { type CachedPublicPath, cacheKey, publicCacheSeconds } from "../../public-cache/settings";
import type { AppEnv } from "../app-env";
import { etagMatches } from "./etag";

function cacheControl(seconds: number): string {
	if (seconds === 0) return "no-cache";
	return `public, max-age=${seconds}, stale-while-revalidate=${seconds * 2}, stale-if-error=300`;
}

/**
 * A public read: from the Workers Cache API when it holds one, else built (one D1 round trip) and
 * stored for the next. Its strong ETag is the public data version the build read, so a client
 * that has it gets 304.
 */
export async function servePublicRead(
	c: Context<AppEnv>,
	path: CachedPublicPath,
	build: () => Promise<{ body: unknown; version: number }>,
): Promise<Response> {
	const seconds = publicCacheSeconds(c.env);
	const cache = seconds > 0 ? caches.default : null;
	const key = cacheKey(c.env, path);
	let response = cache ? await cache.match(key) : undefined;
	if (!response) {
		const { body, version } = await build();
		response = new Response(JSON.stringify(body), {
			headers: {
				"Content-Type": "application/json",
				ETag: `"${path.slice(path.lastIndexOf("/") + 1)}-${version}"`,
				"Cache-Control": cacheControl(seconds),
			},
		});
		if (cache) c.executionCtx.waitUntil(cache.put(key, response.clone()));
	}
	const etag = response.headers.get("ETag");
	if (etagMatches(c.req.header("If-None-Match"), etag)) {
		await response.body?.cancel();
		return new Response(null, {
			status: 304,
			headers: { ETag: etag ?? "", "Cache-Control": response.headers.get("Cache-Control") ?? "no-cache" },
		});
	}
	return response;
}
