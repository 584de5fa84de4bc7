import type { Context } from "hono";
import { DEFAULT_SITEVERIFY_URL, verifyTurnstileToken } from "../../integrations/turnstile/siteverify";
import type { AppEnv } from "../app-env";
import { HttpProblem } from "../problem";

// What stands between the public subscribe endpoint and a write: the limit per client, Turnstile when
// its secret is set, then the limit per address. The client's limit comes first so that a flood costs
// no siteverify calls; the address's comes last so that only requests that passed Turnstile count
// against it (a bot cannot use up someone else's address).

/** The field of a JSON body that carries the Turnstile token. */
export const TURNSTILE_JSON_FIELD = "turnstile_token";
/** The field Cloudflare's widget adds to a form it is inside. */
export const TURNSTILE_FORM_FIELD = "cf-turnstile-response";
/** The widget's data-action on the subscribe form; a token minted for another action is refused. */
export const SUBSCRIBE_TURNSTILE_ACTION = "subscribe";

export interface SubscriptionGuardInput {
	/** sha256Hex of the normalised address (as subscription_requests.address_hash). */
	addressHash: string;
	/** The token from `turnstile_token` (JSON) or `cf-turnstile-response` (form); undefined when neither came. */
	turnstileToken: string | undefined;
}

/** The Turnstile token of a parsed body, JSON or form, whichever field it came in. */
export function turnstileTokenOf(fields: Readonly<Record<string, unknown>>): string | undefined {
	for (const name of [TURNSTILE_JSON_FIELD, TURNSTILE_FORM_FIELD]) {
		const value = fields[name];
		if (typeof value === "string" && value !== "") return value;
	}
	return undefined;
}

const NOTHING_WRITTEN = "nothing was written";

async function withinLimit(limiter: RateLimit, key: string, which: "client" | "address"): Promise<void> {
	const { success } = await limiter.limit({ key });
	if (success) return;
	console.warn(JSON.stringify({ event: "subscribe_rate_limited", limiter: which }));
	// One wording for both limits: the answer says nothing about the address.
	throw new HttpProblem(
		"rate_limited",
		`Too many subscription requests; retry after Retry-After seconds; ${NOTHING_WRITTEN}.`,
	);
}

const turnstileRefused = (detail: string) => new HttpProblem("turnstile_failed", `${detail}; ${NOTHING_WRITTEN}.`);

async function passedTurnstile(c: Context<AppEnv>, secret: string, token: string | undefined): Promise<void> {
	if (token === undefined || token.trim() === "") {
		throw turnstileRefused(
			`Complete the Turnstile challenge: its token goes in ${TURNSTILE_JSON_FIELD} (JSON) or ${TURNSTILE_FORM_FIELD} (form)`,
		);
	}
	const verdict = await verifyTurnstileToken({
		url: c.env.TURNSTILE_VERIFY_URL || DEFAULT_SITEVERIFY_URL,
		secret,
		token,
		remoteIp: c.req.header("CF-Connecting-IP") ?? null,
	});
	if (verdict.outcome === "unavailable") {
		console.error(JSON.stringify({ event: "turnstile_unavailable", reason: verdict.reason }));
		throw new HttpProblem(
			"turnstile_unavailable",
			`The Turnstile verification is unavailable; retry after Retry-After seconds; ${NOTHING_WRITTEN}.`,
		);
	}
	const wrongAction = verdict.outcome === "passed" && verdict.action && verdict.action !== SUBSCRIBE_TURNSTILE_ACTION;
	if (verdict.outcome === "refused" || wrongAction) {
		const codes = verdict.outcome === "refused" ? verdict.errorCodes : ["action-mismatch"];
		console.info(JSON.stringify({ event: "turnstile_refused", error_codes: codes }));
		throw turnstileRefused(
			"The Turnstile challenge was not passed, or its token expired or was used already: complete it again",
		);
	}
}

/**
 * Lets a subscription request through, or throws the problem that refuses it, checking in this
 * order: the client (429 `rate_limited`, SUBSCRIBE_CLIENT_LIMITER per CF-Connecting-IP), Turnstile
 * when TURNSTILE_SECRET_KEY is set (403 `turnstile_failed`: no token, or siteverify did not say
 * success; 503 `turnstile_unavailable`: siteverify failed itself), the address (429 `rate_limited`,
 * SUBSCRIBE_ADDRESS_LIMITER per address hash). A request without CF-Connecting-IP (Cloudflare's edge
 * always sets it) is not counted per client. Call it before anything is written; it writes nothing
 * and never echoes the token.
 */
export async function guardSubscription(c: Context<AppEnv>, input: SubscriptionGuardInput): Promise<void> {
	const client = c.req.header("CF-Connecting-IP");
	if (client) await withinLimit(c.env.SUBSCRIBE_CLIENT_LIMITER, `subscribe-client:${client}`, "client");
	const secret = (c.env.TURNSTILE_SECRET_KEY || "").trim();
	if (secret !== "") await passedTurnstile(c, secret, input.turnstileToken);
	await withinLimit(c.env.SUBSCRIBE_ADDRESS_LIMITER, `subscribe-address:${input.addressHash}`, "address");
}
