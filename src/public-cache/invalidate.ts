import { forgetIsolateCopies } from "./isolate-copies";
import { CACHED_PUBLIC_PATHS, type CacheEnv, generationKey, pathKey, publicCacheSeconds } from "./settings";
import { forgetSharedBuilds } from "./shared-builds";

/** Drops the cached public reads after a write, so the next read sees the change. */
export async function invalidatePublicReads(env: CacheEnv): Promise<void> {
	forgetIsolateCopies();
	forgetSharedBuilds();
	if (publicCacheSeconds(env) === 0) return;
	const keys = [...CACHED_PUBLIC_PATHS.map((path) => pathKey(env, path)), generationKey(env)];
	await Promise.all(keys.map((key) => caches.default.delete(key)));
}
