import { readPublicVersion } from "../../db/data-version";
import { type CachedPublicPath, type CacheEnv, cacheKey, publicCacheSeconds } from "../../public-cache/settings";
import { PUBLIC_ANSWERS } from "../public-answers";
import { etagMatches } from "./etag";

export interface PublicReadEnv extends CacheEnv {
	DB: D1Database;
}

export function cacheControl(seconds: number): string {
	if (seconds === 0) return "no-cache";
	return `public, max-age=${seconds}, stale-while-revalidate=${seconds * 2}, stale-if-error=300`;
}

/**
 * Stores a freshly built answer in the Cache API, unless a write has superseded it meanwhile. A
 * write that commits while this answer is being built clears the cache before the put lands, so
 * the put would bring the old answer back until max-age: the version is read again from the
 * primary after the put, and the answer taken out when it is no longer the current one. (Read
 * before the put instead, a write could still slip in between.) One round trip, after the answer.
 */
async function keepUnlessSuperseded(
	cache: Cache,
	key: Request,
	response: Response,
	version: number,
	db: D1Database,
): Promise<void> {
	await cache.put(key, response);
	const current = await readPublicVersion(db).catch(() => null);
	if (current !== version) await cache.delete(key);
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
		if (cache) ctx.waitUntil(keepUnlessSuperseded(cache, key, response.clone(), version, env.DB));
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
