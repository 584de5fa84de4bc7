import { PUBLIC_PATHS } from "../paths";

/** The public reads that go through the Workers Cache API; writes invalidate exactly these. */
export const CACHED_PUBLIC_PATHS = [PUBLIC_PATHS.surfaces, PUBLIC_PATHS.incidents, PUBLIC_PATHS.maintenances] as const;
export type CachedPublicPath = (typeof CACHED_PUBLIC_PATHS)[number];

const DEFAULT_SECONDS = 15;
const MAX_SECONDS = 30;
const DEFAULT_ORIGIN = "https://status.raxx.app";

export interface CacheEnv {
	PUBLIC_CACHE_SECONDS?: string;
	STATUS_PUBLIC_ORIGIN?: string;
}

/** Seconds a public read may be reused (0 turns the Cache API off); at most 30. */
export function publicCacheSeconds(env: CacheEnv): number {
	const seconds = Number(env.PUBLIC_CACHE_SECONDS ?? DEFAULT_SECONDS);
	return Number.isInteger(seconds) && seconds >= 0 ? Math.min(seconds, MAX_SECONDS) : DEFAULT_SECONDS;
}

/**
 * One Cache API key per read whatever host or query string it came with, so that a write
 * invalidates it and random query strings cannot push reads past the cache to D1.
 */
export function cacheKey(env: CacheEnv, path: CachedPublicPath): Request {
	return new Request(new URL(path, publicOrigin(env)));
}

export const publicOrigin = (env: CacheEnv): string => env.STATUS_PUBLIC_ORIGIN || DEFAULT_ORIGIN;

/**
 * The generation entry of the public reads with many answers (src/http/cache/variant-read.ts):
 * the data version their cached answers are current at. Writes delete it. No route answers this URL.
 */
export function variantGenerationKey(env: CacheEnv): Request {
	return new Request(new URL(`${PUBLIC_PATHS.uptime}?generation`, publicOrigin(env)));
}
