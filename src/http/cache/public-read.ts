import { type CachedPublicPath, type CacheEnv, cacheKey, publicCacheSeconds } from "../../public-cache/settings";
import { PUBLIC_ANSWERS } from "../public-answers";
import { etagMatches } from "./etag";

export interface PublicReadEnv extends CacheEnv {
	DB: D1Database;
}

function cacheControl(seconds: number): string {
	if (seconds === 0) return "no-cache";
	return `public, max-age=${seconds}, stale-while-revalidate=${seconds * 2}, stale-if-error=300`;
}

/**
 * A public read: from the Workers Cache API when it holds one, else built (one D1 round trip) and
 * stored for the next. Its strong ETag is the public data version the build read, so a client
 * that has it gets 304. Served before routing (early-answers.ts) and by the routes alike.
 */
export async function servePublicRead(
	request: Request,
	env: PublicReadEnv,
	ctx: Pick<ExecutionContext, "waitUntil">,
	path: CachedPublicPath,
): Promise<Response> {
	const seconds = publicCacheSeconds(env);
	const cache = seconds > 0 ? caches.default : null;
	const key = cacheKey(env, path);
	let response = cache ? await cache.match(key) : undefined;
	if (!response) {
		const { body, version } = await PUBLIC_ANSWERS[path](env.DB, new Date());
		response = new Response(JSON.stringify(body), {
			headers: {
				"Content-Type": "application/json",
				ETag: `"${path.slice(path.lastIndexOf("/") + 1)}-${version}"`,
				"Cache-Control": cacheControl(seconds),
			},
		});
		if (cache) ctx.waitUntil(cache.put(key, response.clone()));
	}
	const etag = response.headers.get("ETag");
	if (etagMatches(request.headers.get("If-None-Match"), etag)) {
		await response.body?.cancel();
		return new Response(null, {
			status: 304,
			headers: { ETag: etag ?? "", "Cache-Control": response.headers.get("Cache-Control") ?? "no-cache" },
		});
	}
	return response;
}
