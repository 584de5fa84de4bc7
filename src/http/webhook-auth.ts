import type { Context } from "hono";
import { verifyFreeScoutSignature } from "../integrations/freescout/signature";
import { equalsAnySecret } from "../lib/constant-time";
import type { AppEnv } from "./app-env";
import { INTERNAL_TOKEN_HEADER } from "./internal-auth";
import { rejectAuthentication } from "./reject-authentication";

export const SIGNATURE_HEADER = "X-FreeScout-Signature";

/**
 * A delivery is authentic when its signature over the raw bytes verifies against the current or
 * previous FreeScout secret, or when it comes from a relay holding the internal token (which has
 * checked the signature itself). Runs before the body is parsed and before any D1 access.
 */
export async function authenticateWebhook(c: Context<AppEnv>, rawBody: ArrayBuffer): Promise<void> {
	const token = c.req.header(INTERNAL_TOKEN_HEADER);
	if (token) {
		const secrets = [c.env.STATUS_INTERNAL_WRITE_TOKEN, c.env.STATUS_INTERNAL_WRITE_TOKEN_PREVIOUS];
		if (await equalsAnySecret(token, secrets)) return;
	}
	const secrets = [c.env.FREESCOUT_WEBHOOK_SECRET, c.env.FREESCOUT_WEBHOOK_SECRET_PREVIOUS];
	if (await verifyFreeScoutSignature(rawBody, c.req.header(SIGNATURE_HEADER), secrets)) return;
	await rejectAuthentication(
		c,
		`A valid ${SIGNATURE_HEADER} (HMAC of the raw body) or ${INTERNAL_TOKEN_HEADER} header is required.`,
	);
}
