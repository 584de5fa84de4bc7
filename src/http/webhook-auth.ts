import type { Context } from "hono";
import { type SignatureScheme, verifyFreeScoutSignature } from "../integrations/freescout/signature";
import { equalsAnySecret } from "../lib/constant-time";
import type { AppEnv } from "./app-env";
import { INTERNAL_TOKEN_HEADER } from "./internal-auth";
import { rejectAuthentication } from "./reject-authentication";

export const SIGNATURE_HEADER = "X-FreeScout-Signature";

/** How a delivery proved itself: the internal token of a relay, or a signature scheme. */
export type WebhookCredential = "internal_token" | SignatureScheme;

/** The signature scheme each delivery format is signed with; a relay's token stands for either. */
const SCHEME_OF_FORMAT: Readonly<Record<"relay" | "native", SignatureScheme>> = { relay: "SHA-256", native: "SHA-1" };

const WANTED = `A valid ${SIGNATURE_HEADER} (HMAC of the raw body) or ${INTERNAL_TOKEN_HEADER} header is required.`;

/**
 * A delivery is authentic when its signature over the raw bytes verifies against the current or
 * previous FreeScout secret, or when it comes from a relay holding the internal token (which has
 * checked the signature itself). Runs before the body is parsed and before any D1 access.
 */
export async function authenticateWebhook(c: Context<AppEnv>, rawBody: ArrayBuffer): Promise<WebhookCredential> {
	const token = c.req.header(INTERNAL_TOKEN_HEADER);
	if (token) {
		const secrets = [c.env.STATUS_INTERNAL_WRITE_TOKEN, c.env.STATUS_INTERNAL_WRITE_TOKEN_PREVIOUS];
		if (await equalsAnySecret(token, secrets)) return "internal_token";
	}
	const secrets = [c.env.FREESCOUT_WEBHOOK_SECRET, c.env.FREESCOUT_WEBHOOK_SECRET_PREVIOUS];
	const scheme = await verifyFreeScoutSignature(rawBody, c.req.header(SIGNATURE_HEADER), secrets);
	if (scheme) return scheme;
	return rejectAuthentication(c, WANTED);
}

/**
 * Each format is accepted with its own scheme only (a relay body signed the native way is refused
 * like a wrong signature): checked once the body says which format it is.
 */
export async function requireSchemeOfFormat(
	c: Context<AppEnv>,
	credential: WebhookCredential,
	format: "relay" | "native",
): Promise<void> {
	if (credential === "internal_token" || credential === SCHEME_OF_FORMAT[format]) return;
	await rejectAuthentication(
		c,
		`A ${format} delivery is signed with HMAC-${SCHEME_OF_FORMAT[format]}, not HMAC-${credential}. ${WANTED}`,
	);
}
