import { readPublicVersion } from "../../db/data-version";
import {
	type CachedPublicPath,
	type CacheEnv,
	generationKey,
	pathKey,
	publicCacheSeconds,
	variantKey,
} from "../../public-cache/settings";
import { notModifiedOr } from "./etag";

/**
 * Where a public read's answer is kept in the Workers Cache API. Under its `path`: one entry, which
 * writes delete (public-cache/invalidate.ts). Under a `variant` (the uptime history's days and
 * surface, an incident, the HTML page, ...): there are too many for a write to delete one by one,
 * so each is kept under the data version it was built at, and one small entry, the generation,
 * names the current version; writes delete the generation, and a read that finds none builds the
 * answer and makes its version current.
 */
export type CacheSlot = { path: CachedPublicPath } | { variant: string };

/**
 * A built answer, the public data version it was read at, and its ETag (which names that version).
 * The body is sent as JSON, unless a content type is given: then it is the text sent.
 */
export type BuiltAnswer<Body> = { version: number; etag: string } & (
	| { body: Body; contentType?: undefined }
	| { body: string; contentType: string }
);

/**
 * How a cached public read's answer is built on a miss, in one round trip, through the D1 session
 * given: public reads may be served by read replicas; writes, and the check that an answer is still
 * current, go to the primary.
 */
export type BuildAnswer<Body> = (
	session: D1DatabaseSession,
	now: Date,
	/** The data version the Cache API's generation names, when it holds one: an answer cut from a value built at it is current. */
	knownVersion: number | null,
) => Promise<BuiltAnswer<Body>>;

export interface CachedReadEnv extends CacheEnv {
	DB: D1Database;
}

/** The answer to a cached public read, and the data version it was built at. */
export interface CachedAnswer {
	response: Response;
	version: number;
}

// Kept with each entry so that a hit knows its data version; taken off before an answer is sent.
const VERSION_HEADER = "Status-Data-Version";

export function cacheControl(seconds: number): string {
	if (seconds === 0) return "no-cache";
	return `public, max-age=${seconds}, stale-while-revalidate=${seconds * 2}, stale-if-error=300`;
}

/**
 * A cached public read as sent: from the Workers Cache API when it holds the answer, else built
 * (one D1 round trip) and kept for the next; 304 when the request's If-None-Match names its strong
 * ETag. Every cached public read goes through here, before routing (before-routing.ts) and in the
 * routes alike.
 */
export async function serveCachedRead<Body>(
	request: Request,
	env: CachedReadEnv,
	ctx: Pick<ExecutionContext, "waitUntil">,
	slot: CacheSlot,
	build: BuildAnswer<Body>,
): Promise<Response> {
	return notModifiedOr(request, (await cachedAnswer(env, ctx, slot, build)).response);
}

/**
 * The answer to a cached public read and its data version, from the Workers Cache API or built:
 * one lookup for a path, two for a variant (the generation, then the answer) on a hit; one D1
 * round trip on a miss, and after the answer the version check that keeps it only if no write
 * superseded it.
 */
export async function cachedAnswer<Body>(
	env: CachedReadEnv,
	ctx: Pick<ExecutionContext, "waitUntil">,
	slot: CacheSlot,
	build: BuildAnswer<Body>,
): Promise<CachedAnswer> {
	const seconds = publicCacheSeconds(env);
	const cache = seconds > 0 ? caches.default : null;
	const { kept, knownVersion } = cache ? await lookup(cache, env, slot) : { kept: undefined, knownVersion: null };
	const keptVersion = kept?.headers.get(VERSION_HEADER);
	if (kept && keptVersion) {
		const headers = new Headers(kept.headers);
		headers.delete(VERSION_HEADER);
		return { response: new Response(kept.body, { status: kept.status, headers }), version: Number(keptVersion) };
	}
	await kept?.body?.cancel();
	const built = await build(env.DB.withSession("first-unconstrained"), new Date(), knownVersion);
	const text = built.contentType === undefined ? JSON.stringify(built.body) : built.body;
	const headers = {
		"Content-Type": built.contentType ?? "application/json",
		ETag: built.etag,
		"Cache-Control": cacheControl(seconds),
	};
	if (cache) {
		const entry = new Response(text, { headers: { ...headers, [VERSION_HEADER]: String(built.version) } });
		ctx.waitUntil(keepUnlessSuperseded(cache, env, slot, entry, built.version, seconds));
	}
	return { response: new Response(text, { headers }), version: built.version };
}

/** The kept answer, if any, and the data version the generation names (variants only). */
async function lookup(
	cache: Cache,
	env: CacheEnv,
	slot: CacheSlot,
): Promise<{ kept: Response | undefined; knownVersion: number | null }> {
	if ("path" in slot) return { kept: await cache.match(pathKey(env, slot.path)), knownVersion: null };
	const generation = await cache.match(generationKey(env));
	if (!generation) return { kept: undefined, knownVersion: null };
	const knownVersion = Number(await generation.text());
	return { kept: await cache.match(variantKey(env, slot.variant, knownVersion)), knownVersion };
}

/**
 * Stores a freshly built answer, unless a write has superseded it meanwhile. A write that commits
 * while this answer is being built clears the cache before the put lands, so the put would bring
 * the old answer back until max-age: the version is read again from the primary after the put,
 * and the answer withdrawn when it is no longer the current one (an answer under its path is
 * deleted; for a variant, the generation that made its version current). (Read before the put
 * instead, a write could still slip in between.) One round trip, after the answer.
 */
async function keepUnlessSuperseded(
	cache: Cache,
	env: CachedReadEnv,
	slot: CacheSlot,
	entry: Response,
	version: number,
	seconds: number,
): Promise<void> {
	let withdrawn: Request;
	if ("path" in slot) {
		withdrawn = pathKey(env, slot.path);
		await cache.put(withdrawn, entry);
	} else {
		withdrawn = generationKey(env);
		await Promise.all([
			cache.put(variantKey(env, slot.variant, version), entry),
			cache.put(
				withdrawn,
				new Response(String(version), { headers: { "Cache-Control": `public, max-age=${seconds}` } }),
			),
		]);
	}
	const current = await readPublicVersion(env.DB).catch(() => null);
	if (current !== version) await cache.delete(withdrawn);
}
