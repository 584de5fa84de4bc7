import { PUBLIC_PATHS } from "../paths";

/**
 * The public reads kept in the Workers Cache API under their path alone: writes delete exactly these
 * (and the generation below). The one list of them; everything else asks isCachedPublicPath.
 */
export const CACHED_PUBLIC_PATHS = [PUBLIC_PATHS.surfaces, PUBLIC_PATHS.incidents, PUBLIC_PATHS.maintenances] as const;
export type CachedPublicPath = (typeof CACHED_PUBLIC_PATHS)[number];

const CACHED: ReadonlySet<string> = new Set(CACHED_PUBLIC_PATHS);
export const isCachedPublicPath = (path: string): path is CachedPublicPath => CACHED.has(path);

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

export const publicOrigin = (env: CacheEnv): string => env.STATUS_PUBLIC_ORIGIN || DEFAULT_ORIGIN;

/**
 * One Cache API key per cached path whatever host or query string it came with, so that a write
 * invalidates it and random query strings cannot push reads past the cache to D1.
 */
export function pathKey(env: CacheEnv, path: CachedPublicPath): Request {
	return new Request(new URL(path, publicOrigin(env)));
}

/**
 * The key of one answer of a public read with many answers, built at `version`: `variant` is the
 * path and canonical query string of the answer (the uptime history's days and surface, an
 * incident's id).
 */
export function variantKey(env: CacheEnv, variant: string, version: number): Request {
	return new Request(new URL(`${variant}${variant.includes("?") ? "&" : "?"}v=${version}`, publicOrigin(env)));
}

/**
 * The generation entry of the public reads with many answers: the data version their cached
 * answers are current at. Writes delete it. No route answers this URL.
 */
export function generationKey(env: CacheEnv): Request {
	return new Request(new URL(`${PUBLIC_PATHS.uptime}?generation`, publicOrigin(env)));
}
