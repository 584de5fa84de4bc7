/** The public reads that go through the Workers Cache API; writes invalidate exactly these. */
export const CACHED_PUBLIC_PATHS = ["/api/status/public/surfaces", "/api/status/public/incidents"] as const;
export type CachedPublicPath = (typeof CACHED_PUBLIC_PATHS)[number];

const DEFAULT_SECONDS = 15;
const MAX_SECONDS = 30;

export interface CacheEnv {
	PUBLIC_CACHE_SECONDS?: string;
	STATUS_PUBLIC_ORIGIN?: string;
}

/** Seconds a public read may be reused (0 turns the Cache API off); at most 30. */
export function publicCacheSeconds(env: CacheEnv): number {
	const seconds = Number(env.PUBLIC_CACHE_SECONDS ?? DEFAULT_SECONDS);
	return Number.isInteger(seconds) && seconds >= 0 ? Math.min(seconds, MAX_SECONDS) : DEFAULT_SECONDS;
}
