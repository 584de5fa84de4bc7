import { forgetIsolateCopies } from "./isolate-copies";
import { CACHED_PUBLIC_PATHS, type CacheEnv, cacheKey, publicCacheSeconds } from "./settings";

/** Drops the cached public reads after a write, so the next read sees the change. */
export async function invalidatePublicReads(env: CacheEnv): Promise<void> {
	forgetIsolateCopies();
	if (publicCacheSeconds(env) === 0) return;
	await Promise.all(CACHED_PUBLIC_PATHS.map((path) => caches.default.delete(cacheKey(env, path))));
}
