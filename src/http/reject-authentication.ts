import type { Context } from "hono";
import type { AppEnv } from "./app-env";
import { HttpProblem } from "./problem";

/**
 * Answers a failed authentication: 401, or 429 once this client has failed too often (the Workers
 * Rate Limiting binding, counted per CF-Connecting-IP). Only failures are counted, so a writer
 * with the right token is never limited. Requests without CF-Connecting-IP (which Cloudflare's
 * edge always sets) are not counted. Never echoes what was presented.
 */
export async function rejectAuthentication(c: Context<AppEnv>, detail: string): Promise<never> {
	const client = c.req.header("CF-Connecting-IP");
	if (client && c.env.AUTH_FAILURE_LIMITER) {
		const { success } = await c.env.AUTH_FAILURE_LIMITER.limit({ key: `auth-failure:${client}` });
		if (!success) {
			console.warn(JSON.stringify({ event: "auth_failures_limited", path: c.req.path }));
			throw new HttpProblem("too_many_requests", "Too many failed authentications; retry after Retry-After seconds.");
		}
	}
	throw new HttpProblem("unauthorized", detail);
}
