import { readPublicVersion } from "../../db/data-version";
import { type CacheEnv, publicCacheSeconds, publicOrigin, variantGenerationKey } from "../../public-cache/settings";
import { etagMatches } from "./etag";
import { cacheControl } from "./public-read";

/** A built answer, the data version it was read at, and its ETag. */
export interface BuiltVariantAnswer {
	/** Sent as JSON, unless a content type is given: then it is the text sent. */
	body: unknown;
	contentType?: string;
	version: number;
	etag: string;
}

export interface VariantReadEnv extends CacheEnv {
	DB: D1Database;
}

/**
 * A public read with many answers: one per `variant`, the path and canonical query string of the
 * answer (the uptime history's days and surface, an incident's id).
 */
const variantKey = (env: CacheEnv, variant: string, version: number) =>
	new Request(new URL(`${variant}${variant.includes("?") ? "&" : "?"}v=${version}`, publicOrigin(env)));

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
	env: VariantReadEnv,
	variant: string,
	response: Response,
	version: number,
	seconds: number,
): Promise<void> {
	const generation = variantGenerationKey(env);
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
 * A public read with many answers (the uptime history's days and surfaces, each incident), cached
 * per variant in the Workers Cache API. There are too many variants for a write to delete one by
 * one: each is stored under the data version it was built at, and one small entry, the
 * generation, names the current version. Writes delete the generation
 * (public-cache/invalidate.ts); a read that finds none builds the answer and makes its version
 * current. Two Cache API lookups on a hit, one D1 round trip on a miss.
 */
export async function serveVariantRead(
	request: Request,
	env: VariantReadEnv,
	ctx: Pick<ExecutionContext, "waitUntil">,
	variant: string,
	build: () => Promise<BuiltVariantAnswer>,
): Promise<Response> {
	const seconds = publicCacheSeconds(env);
	const cache = seconds > 0 ? caches.default : null;
	if (cache) {
		const generation = await cache.match(variantGenerationKey(env));
		const version = generation ? Number(await generation.text()) : null;
		const cached = version === null ? undefined : await cache.match(variantKey(env, variant, version));
		if (cached) return notModifiedOr(request, cached);
	}
	const { body, contentType, version, etag } = await build();
	const response = new Response(contentType === undefined ? JSON.stringify(body) : String(body), {
		headers: {
			"Content-Type": contentType ?? "application/json",
			ETag: etag,
			"Cache-Control": cacheControl(seconds),
		},
	});
	if (cache) ctx.waitUntil(keepUnlessSuperseded(cache, env, variant, response.clone(), version, seconds));
	return notModifiedOr(request, response);
}
