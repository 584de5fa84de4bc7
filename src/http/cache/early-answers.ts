import { PUBLIC_PATHS } from "../../paths";
import type { CacheEnv } from "../../public-cache/settings";
import { rememberedAnswer } from "./isolate-cache";
import { marketTimeNow } from "./market-time-now";
import { requestPath } from "./request-path";

/**
 * What src/index.ts answers before routing: the isolate's copies of the public reads, and the
 * market clock without `?at=` - the answers every page load asks for, from one look at the method
 * and the path. Null sends the request to the router.
 */
export function answerBeforeRouting(request: Request, env: CacheEnv, now = Date.now()): Response | null {
	const method = request.method;
	if (method !== "GET" && method !== "HEAD") return null;
	const { path, hasQuery } = requestPath(request.url);
	if (path === PUBLIC_PATHS.marketTime) return hasQuery ? null : marketTimeNow(method === "HEAD", now);
	return rememberedAnswer(path, method === "HEAD", request.headers, env, now);
}
