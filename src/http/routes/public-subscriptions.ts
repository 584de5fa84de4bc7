import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { MAX_PENDING_PER_ADDRESS, MAX_PENDING_TOTAL } from "../../domain/subscriptions/limits";
import type { NotifyMessage } from "../../notify/messages";
import { PUBLIC_PATHS } from "../../paths";
import { publicOrigin } from "../../public-cache/settings";
import { checkSubscription, requestSubscription, type SubscribeInput } from "../../verbs/subscriptions/subscribe";
import type { AppEnv } from "../app-env";
import { decodeUtf8Body, limitBody, parseJsonText } from "../json-body";
import { problemResponses, tagged } from "../openapi-helpers";
import { HttpProblem } from "../problem";
import { createRouter, invalidInput } from "../router";
import { subscriberUrlRules } from "../subscribers/url-rules";
import { formErrorAnswer, htmlAnswer, pageBase } from "../subscriptions/answers";
import { guardSubscription, turnstileTokenOf } from "../subscriptions/guard";
import { NoticePage } from "../subscriptions/pages";
import {
	SUBSCRIBE_ANSWER,
	SubscribeAnswerSchema,
	SubscribeFormSchema,
	SubscribeJsonSchema,
} from "../subscriptions/schemas";

/** What the guard is told of a subscribe: never the address itself. */
export interface GuardedSubscription {
	/** SHA-256 hex of the normalised address. */
	addressHash: string;
	/** The Turnstile widget's token (field cf-turnstile-response), when one was posted. */
	turnstileToken: string | null;
}

/**
 * What runs after the input is checked and before anything is written: the abuse guard (Turnstile,
 * the rate limiters) throws an HttpProblem to refuse.
 */
export type SubscriptionGuard = (c: Context<AppEnv>, subscription: GuardedSubscription) => Promise<void>;

const NO_GUARD: SubscriptionGuard = async () => {};

const SUBSCRIBE_BODY_MAX_BYTES = 8 * 1024;

// A JSON body must be well-formed (a 400 of ours); a form is parsed by the route's validator.
const wellFormedJson = createMiddleware<AppEnv>(async (c, next) => {
	if (/json/i.test(c.req.header("Content-Type") ?? "")) parseJsonText(decodeUtf8Body(await c.req.arrayBuffer()));
	await next();
});

const isForm = (c: Context<AppEnv>) => /^application\/x-www-form-urlencoded/i.test(c.req.header("Content-Type") ?? "");

const route = createRoute({
	method: "post",
	tags: tagged("public"),
	path: PUBLIC_PATHS.subscriptions,
	summary: "Subscribe an email address or a webhook to the page's notifications (double opt-in)",
	description: [
		"Exactly one of email and webhook_url; surface_ids optional (none: every surface).",
		"The answer is the same 202 whether the address is new, already waiting for its confirmation or already subscribed: it never says which.",
		"A new address gets one confirmation (an email, or a signed `subscription.verification` POST carrying `data.confirm_url`) whose link works for 24 hours; at most one per address per 24 hours.",
		`At most ${MAX_PENDING_PER_ADDRESS} pending requests per address and ${MAX_PENDING_TOTAL} in all: past the total, 503 subscriptions_full with Retry-After.`,
		"The page's form posts the same fields form-encoded and gets an HTML page (errors too).",
		"Bad input is problem+json (422 invalid_email_address, invalid_subscriber_url, unknown_surface; 400 validation_failed) and writes nothing.",
	].join(" "),
	middleware: [limitBody(SUBSCRIBE_BODY_MAX_BYTES), wellFormedJson] as const,
	request: {
		body: {
			required: false,
			content: {
				"application/json": { schema: SubscribeJsonSchema },
				"application/x-www-form-urlencoded": { schema: SubscribeFormSchema },
			},
		},
	},
	responses: {
		202: {
			description: "Accepted: a confirmation is on its way if the address can be subscribed",
			content: { "application/json": { schema: SubscribeAnswerSchema }, "text/html": { schema: { type: "string" } } },
		},
		...problemResponses(400, 403, 413, 415, 422, 429, 503),
	},
});

/** The subscribe route, with the guard that runs before it writes. */
export function subscriptionRoutes(guard: SubscriptionGuard = NO_GUARD) {
	const router = createRouter();
	router.onError(formErrorAnswer);
	return router.openapi(route, async (c) => {
		const form = isForm(c);
		if (form) refuseCrossSiteForm(c);
		const body = form ? c.req.valid("form") : c.req.valid("json");
		const input: SubscribeInput | null =
			body.email !== undefined
				? { email: body.email }
				: body.webhook_url !== undefined
					? { webhookUrl: body.webhook_url }
					: null;
		if (input === null) {
			// No body at all, or one without a Content-Type: the validators had nothing to check.
			throw invalidInput("body", [{ path: "(body)", message: "give exactly one of email and webhook_url" }]);
		}
		const subscription = await checkSubscription(input, body.surface_ids, subscriberUrlRules(c.req.url, c.env));
		await guard(c, { addressHash: subscription.addressHash, turnstileToken: turnstileTokenOf(body) ?? null });
		const now = new Date();
		const requestId = await requestSubscription(c.env.DB, subscription, c.env.SUBSCRIPTION_LINK_KEY, now);
		if (requestId !== null) c.executionCtx.waitUntil(sendConfirmRequest(c.env.NOTIFY_QUEUE, requestId));
		if (!form) return c.json(SUBSCRIBE_ANSWER, 202, { "Cache-Control": "no-store" });
		const where = subscription.kind === "email" ? "your inbox" : "your webhook's receiver";
		const page = NoticePage({
			...(await pageBase(c.env)),
			title: `Check ${where}`,
			lines: [
				`If this address can be subscribed, a confirmation is on its way to ${where}. Open its link within 24 hours and press Confirm.`,
				"Nothing is sent to you until you confirm.",
			],
		});
		return htmlAnswer(page, 202);
	});
}

/**
 * A form needs no CORS preflight, so any site could make its visitors' browsers post this one (each
 * from its own client address, past the per-client limit). Browsers say where a post comes from:
 * a form from another site is refused; clients that send neither header (curl, servers) go on.
 */
function refuseCrossSiteForm(c: Context<AppEnv>): void {
	const origin = c.req.header("Origin");
	const ownHosts = new Set([new URL(c.req.url).host, new URL(publicOrigin(c.env)).host]);
	const fromElsewhere =
		c.req.header("Sec-Fetch-Site") === "cross-site" || (origin !== undefined && !ownHosts.has(hostOf(origin)));
	if (fromElsewhere)
		throw new HttpProblem("cross_site_form", "Subscribe from the status page itself; nothing was written.");
}

/** An Origin header's host; "" for "null" (a sandboxed or privacy-sensitive context) or anything unreadable. */
function hostOf(origin: string): string {
	try {
		return new URL(origin).host;
	} catch {
		return "";
	}
}

/** The confirmation asked of the queue's consumer; a send that fails is logged (the request expires unconfirmed). */
async function sendConfirmRequest(queue: Queue, requestId: string): Promise<void> {
	try {
		await (queue as Queue<NotifyMessage>).send({ kind: "confirm", request: requestId });
	} catch (error) {
		console.error(
			JSON.stringify({ event: "subscription_confirm_send_failed", request: requestId, error: String(error) }),
		);
	}
}

export const publicSubscriptionRoutes = subscriptionRoutes((c, subscription) =>
	guardSubscription(c, {
		addressHash: subscription.addressHash,
		turnstileToken: subscription.turnstileToken ?? undefined,
	}),
);
