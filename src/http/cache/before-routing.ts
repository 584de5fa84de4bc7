import { PUBLIC_PATHS } from "../../paths";
import { type CachedPublicPath, type CacheEnv, isCachedPublicPath } from "../../public-cache/settings";
import { problemForError } from "../errors";
import { PUBLIC_ANSWER_HEADERS } from "../security-headers";
import type { CachedReadEnv } from "./cached-read";
import { isolateKey, rememberedAnswer, rememberInIsolate } from "./isolate-layer";
import { marketTimeNow } from "./market-time-now";
import { servePathRead } from "./path-reads";
import { requestPath } from "./request-path";

/**
 * What src/index.ts answers before routing, synchronously: the isolate's copies of the public
 * reads, and the market clock without `?at=` - the answers every page load asks for, from one
 * look at the method and the path. Null sends the request on (readBeforeRouting, then the router).
 */
export function answerBeforeRouting(request: Request, env: CacheEnv, now = Date.now()): Response | null {
	const method = request.method;
	if (method !== "GET" && method !== "HEAD") return null;
	const parsed = requestPath(request.url);
	if (parsed.path === PUBLIC_PATHS.marketTime) return parsed.hasQuery ? null : marketTimeNow(method === "HEAD", now);
	const key = isolateKey(parsed);
	return key === null ? null : rememberedAnswer(key, method === "HEAD", request.headers, env, now);
}

/**
 * The cached public reads when the isolate has no copy: from the Cache API or D1, as the route
 * serves them and with the headers the router adds, but without loading the router - a new
 * isolate's first answers to the status page cost neither Hono nor Zod. Null for anything else.
 */
export function readBeforeRouting(
	request: Request,
	env: CachedReadEnv,
	ctx: Pick<ExecutionContext, "waitUntil">,
): Promise<Response> | null {
	const method = request.method;
	if (method !== "GET" && method !== "HEAD") return null;
	const { path } = requestPath(request.url);
	return isCachedPublicPath(path) ? publicRead(request, env, ctx, path) : null;
}

async function publicRead(
	request: Request,
	env: CachedReadEnv,
	ctx: Pick<ExecutionContext, "waitUntil">,
	path: CachedPublicPath,
): Promise<Response> {
	const answer = await servePathRead(request, env, ctx, path).catch((error: unknown) => problemForError(error, path));
	const headers = new Headers(answer.headers);
	for (const [name, value] of Object.entries(PUBLIC_ANSWER_HEADERS)) headers.set(name, value);
	if (request.method === "HEAD") await answer.body?.cancel();
	const response = new Response(request.method === "HEAD" ? null : answer.body, { status: answer.status, headers });
	return rememberInIsolate(request, response, env);
}
