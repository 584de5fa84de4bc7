import { createMiddleware } from "hono/factory";
import { equalsAnySecret } from "../lib/constant-time";
import type { AppEnv } from "./app-env";
import { rejectAuthentication } from "./reject-authentication";

export const INTERNAL_TOKEN_HEADER = "X-Internal-Status-Token";

/**
 * Writers authenticate with the current or, during a rotation, the previous token, so rotating has
 * no window of failing writes. Runs before anything reads the body or touches D1.
 */
export const requireInternalToken = createMiddleware<AppEnv>(async (c, next) => {
	const presented = c.req.header(INTERNAL_TOKEN_HEADER);
	const secrets = [c.env.STATUS_INTERNAL_WRITE_TOKEN, c.env.STATUS_INTERNAL_WRITE_TOKEN_PREVIOUS];
	if (!c.env.STATUS_INTERNAL_WRITE_TOKEN) {
		console.error(JSON.stringify({ event: "internal_token_not_configured" }));
	}
	if (!presented || !(await equalsAnySecret(presented, secrets))) {
		await rejectAuthentication(c, `A valid ${INTERNAL_TOKEN_HEADER} header is required.`);
	}
	await next();
});
