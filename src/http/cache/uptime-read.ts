import { readPublicVersion } from "../../db/public-reads";
import { PUBLIC_PATHS } from "../../paths";
import { type CacheEnv, publicCacheSeconds, publicOrigin, uptimeGenerationKey } from "../../public-cache/settings";
import { etagMatches } from "./etag";
import { cacheControl } from "./public-read";

export interface UptimeVariant {
	days: number;
	surfaceId: string | null;
}

/** A built answer, the data version it was read at, and its ETag (the version and the minute). */
export interface BuiltUptimeAnswer {
	body: unknown;
	version: number;
	etag: string;
}

export interface UptimeReadEnv extends CacheEnv {
	DB: D1Database;
}

/** The one spelling of a variant: its cache key and the query string its isolate copy answers. */
export function uptimeQueryString(variant: UptimeVariant): string {
	const surface = variant.surfaceId === null ? "" : `&surface=${encodeURIComponent(variant.surfaceId)}`;
	return `?days=${variant.days}${surface}`;
}

const variantKey = (env: CacheEnv, variant: UptimeVariant, version: number) =>
	new Request(new URL(`${PUBLIC_PATHS.uptime}${uptimeQueryString(variant)}&v=${version}`, publicOrigin(env)));

function notModifiedOr(request: Request, response: Response): Response {
	const etag = response.headers.get("ETag");
	if (!etagMatches(request.headers.get("If-None-Match"), etag)) return response;
	return new Response(null, {
		status: 304,
		headers: { ETag: etag ?? "", "Cache-Control": response.headers.get("Cache-Control") ?? "no-cache" },
	});
}

/**
 * Stores a built answer under its data version and makes that version the current generation,
 * unless a write superseded it meanwhile (the version is read again from the primary after the
 * put, as public-read.ts does, for the same race).
 */
async function keepUnlessSuperseded(
	cache: Cache,
	env: UptimeReadEnv,
	variant: UptimeVariant,
	response: Response,
	version: number,
	seconds: number,
): Promise<void> {
	const generation = uptimeGenerationKey(env);
	await Promise.all([
		cache.put(variantKey(env, variant, version), response),
		cache.put(
			generation,
			new Response(String(version), { headers: { "Cache-Control": `public, max-age=${seconds}` } }),
		),
	]);
	const current = await readPublicVersion(env.DB).catch(() => null);
	if (current !== version) await cache.delete(generation);
}

/**
 * The uptime history, cached per variant (days, surface) in the Workers Cache API. There are
 * thousands of variants, too many for a write to delete one by one: each is stored under the
 * data version it was built at, and one small entry, the generation, names the current version.
 * Writes delete the generation (public-cache/invalidate.ts); a read that finds none builds the
 * answer and makes its version current. Two Cache API lookups on a hit, one D1 round trip on a miss.
 */
export async function serveUptimeRead(
	request: Request,
	env: UptimeReadEnv,
	ctx: Pick<ExecutionContext, "waitUntil">,
	variant: UptimeVariant,
	build: () => Promise<BuiltUptimeAnswer>,
): Promise<Response> {
	const seconds = publicCacheSeconds(env);
	const cache = seconds > 0 ? caches.default : null;
	if (cache) {
		const generation = await cache.match(uptimeGenerationKey(env));
		const version = generation ? Number(await generation.text()) : null;
		const cached = version === null ? undefined : await cache.match(variantKey(env, variant, version));
		if (cached) return notModifiedOr(request, cached);
	}
	const { body, version, etag } = await build();
	const response = new Response(JSON.stringify(body), {
		headers: { "Content-Type": "application/json", ETag: etag, "Cache-Control": cacheControl(seconds) },
	});
	if (cache) ctx.waitUntil(keepUnlessSuperseded(cache, env, variant, response.clone(), version, seconds));
	return notModifiedOr(request, response);
}
