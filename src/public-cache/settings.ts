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
	STATUS_PAGE_ID?: string;
	STATUS_PAGE_NAME?: string;
	STATUS_PAGE_TIME_ZONE?: string;
}

/**
 * The settings public answers are built from besides the data: the origin (the feeds' and the
 * Statuspage JSON's links), the page's id and name, its time zone (the page's and the history's
 * days). A deployment that changes only these changes the answers, so their cache keys and ETags
 * name them (configurationTag).
 */
export const ANSWER_SETTINGS = [
	"STATUS_PUBLIC_ORIGIN",
	"STATUS_PAGE_ID",
	"STATUS_PAGE_NAME",
	"STATUS_PAGE_TIME_ZONE",
] as const satisfies readonly (keyof CacheEnv)[];

let lastTag: { env: CacheEnv; tag: string } | null = null;

/**
 * A short hash of the answer settings as configured (FNV-1a, 32 bits, 8 hex digits): the same for
 * the same settings, another after a deployment that changes any of them. Not a secret and not a
 * defence: two configurations share a tag once in four billion changes. Kept for the isolate's env
 * (one object for its life), so a read pays for it once.
 */
export function configurationTag(env: CacheEnv): string {
	if (lastTag?.env === env) return lastTag.tag;
	let hash = 0x811c9dc5;
	for (const char of JSON.stringify(ANSWER_SETTINGS.map((name) => env[name] ?? ""))) {
		hash ^= char.charCodeAt(0);
		hash = Math.imul(hash, 0x01000193);
	}
	const tag = (hash >>> 0).toString(16).padStart(8, "0");
	lastTag = { env, tag };
	return tag;
}

/** Seconds a public read may be reused (0 turns the Cache API off); at most 30. */
export function publicCacheSeconds(env: CacheEnv): number {
	const seconds = Number(env.PUBLIC_CACHE_SECONDS ?? DEFAULT_SECONDS);
	return Number.isInteger(seconds) && seconds >= 0 ? Math.min(seconds, MAX_SECONDS) : DEFAULT_SECONDS;
}

export const publicOrigin = (env: CacheEnv): string => env.STATUS_PUBLIC_ORIGIN || DEFAULT_ORIGIN;

/**
 * One Cache API key per cached path whatever host or query string it came with, so that a write
 * invalidates it and random query strings cannot push reads past the cache to D1. These answers
 * are the data alone: no setting changes them.
 */
export function pathKey(env: CacheEnv, path: CachedPublicPath): Request {
	return new Request(new URL(path, publicOrigin(env)));
}

/**
 * The key of one answer of a public read with many answers, built at `version` under the
 * deployment's configuration: `variant` is the path and canonical query string of the answer (the
 * uptime history's days and surface, an incident's id).
 */
export function variantKey(env: CacheEnv, variant: string, version: number): Request {
	const query = `v=${version}&c=${configurationTag(env)}`;
	return new Request(new URL(`${variant}${variant.includes("?") ? "&" : "?"}${query}`, publicOrigin(env)));
}

/**
 * The generation entry of the public reads with many answers: the data version their cached
 * answers are current at. Writes delete it. No route answers this URL.
 */
export function generationKey(env: CacheEnv): Request {
	return new Request(new URL(`${PUBLIC_PATHS.uptime}?generation`, publicOrigin(env)));
}
