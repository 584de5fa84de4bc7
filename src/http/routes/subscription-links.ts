import type { Context } from "hono";
import { PAGE_PATHS, SUBSCRIPTION_LINK_PATHS } from "../../paths";
import { confirmable, confirmSubscription, type NotConfirmed } from "../../verbs/subscriptions/confirm";
import { changeSubscriptionSurfaces, subscriberOfManageToken, unsubscribe } from "../../verbs/subscriptions/manage";
import type { AppEnv } from "../app-env";
import { limitBody } from "../json-body";
import { HttpProblem } from "../problem";
import { createRouter } from "../router";
import { formErrorAnswer, htmlAnswer, noticeAnswer, pageBase } from "../subscriptions/answers";
import {
	ConfirmedPage,
	ConfirmPage,
	ManagePage,
	NoticePage,
	SubscribePage,
	UnsubscribePage,
} from "../subscriptions/pages";

// The links of self-service subscriptions (docs/api.md, "Subscriptions"). A GET shows a page and changes
// nothing (mail clients and scanners prefetch links); only the page's button, a POST, does.

/** A link's form posts a few fields at most (the manage page: one per surface). */
const LINK_BODY_MAX_BYTES = 4 * 1024;

const NOT_CONFIRMED: Record<NotConfirmed, Parameters<typeof noticeAnswer>[1]> = {
	unknown: {
		status: 404,
		code: "not_found",
		title: "This link is not valid",
		lines: [
			"This confirmation link is unknown or was already used. If you confirmed already, you are subscribed; else subscribe again from the status page.",
		],
	},
	expired: {
		status: 410,
		code: "link_expired",
		title: "This link has expired",
		lines: ["Confirmation links work for 24 hours. Subscribe again from the status page to get a new one."],
	},
	suppressed: {
		status: 410,
		code: "link_expired",
		title: "This link is no longer valid",
		lines: [
			"This address unsubscribed after the link was sent. Subscribe again from the status page to get a new one.",
		],
	},
	full: {
		status: 503,
		code: "subscriptions_full",
		title: "Try again later",
		lines: ["The status page has as many subscribers as it can take just now. Try this link again later."],
	},
};

const NO_SUBSCRIPTION = {
	status: 404,
	code: "not_found",
	title: "This link is not valid",
	lines: ["No subscription belongs to this link: it is unknown, or the subscription was removed (unsubscribed)."],
} as const;

const tokenOf = (c: Context<AppEnv>) => c.req.param("token") ?? "";
const honoPath = (template: string) => template.replace("{token}", ":token");

/**
 * The surfaces a manage form posted: every ticked box (none: every surface). Only the page's own form
 * encoding is read: another body (JSON, multipart, text) would read as no box ticked and widen the
 * subscription to every surface, so it is refused.
 */
async function postedSurfaces(c: Context<AppEnv>): Promise<string[]> {
	if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header("Content-Type") ?? "")) {
		throw new HttpProblem("unsupported_media_type", "The manage form posts application/x-www-form-urlencoded.");
	}
	const form = await c.req.parseBody({ all: true });
	const value = form.surface_ids;
	const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
	return values.filter((item): item is string => typeof item === "string");
}

export const subscriptionLinkRoutes = createRouter();
subscriptionLinkRoutes.onError(formErrorAnswer);

subscriptionLinkRoutes.get(PAGE_PATHS.subscribe, async (c) => {
	const turnstileSiteKey = (c.env.TURNSTILE_SITE_KEY ?? "").trim();
	const page = SubscribePage({ ...(await pageBase(c.env)), turnstileSiteKey });
	return htmlAnswer(page, 200, turnstileSiteKey !== "");
});

subscriptionLinkRoutes.get(honoPath(SUBSCRIPTION_LINK_PATHS.confirm), async (c) => {
	const token = tokenOf(c);
	const state = await confirmable(c.env.DB, token, new Date());
	if (state !== "pending") return noticeAnswer(c, NOT_CONFIRMED[state]);
	return htmlAnswer(ConfirmPage({ ...(await pageBase(c.env)), token }), 200);
});

subscriptionLinkRoutes.post(honoPath(SUBSCRIPTION_LINK_PATHS.confirm), limitBody(LINK_BODY_MAX_BYTES), async (c) => {
	const result = await confirmSubscription(c.env.DB, tokenOf(c), c.env.SUBSCRIPTION_LINK_KEY, new Date());
	if (result.kind !== "confirmed") return noticeAnswer(c, NOT_CONFIRMED[result.kind]);
	const page = ConfirmedPage({ ...(await pageBase(c.env)), manageToken: result.manageToken, secret: result.secret });
	return htmlAnswer(page, 200);
});

subscriptionLinkRoutes.get(honoPath(SUBSCRIPTION_LINK_PATHS.manage), async (c) => {
	const token = tokenOf(c);
	const subscriber = await subscriberOfManageToken(c.env.DB, token);
	if (subscriber === null) return noticeAnswer(c, NO_SUBSCRIPTION);
	const page = ManagePage({ ...(await pageBase(c.env)), token, surfaceIds: subscriber.surfaceIds, saved: false });
	return htmlAnswer(page, 200);
});

subscriptionLinkRoutes.post(honoPath(SUBSCRIPTION_LINK_PATHS.manage), limitBody(LINK_BODY_MAX_BYTES), async (c) => {
	const token = tokenOf(c);
	// An unknown link is told as such whatever it was sent; only then is the body's encoding judged.
	if ((await subscriberOfManageToken(c.env.DB, token)) === null) return noticeAnswer(c, NO_SUBSCRIPTION);
	const changed = await changeSubscriptionSurfaces(c.env.DB, token, await postedSurfaces(c), new Date());
	if (changed === null) return noticeAnswer(c, NO_SUBSCRIPTION);
	const page = ManagePage({ ...(await pageBase(c.env)), token, surfaceIds: changed.surfaceIds, saved: true });
	return htmlAnswer(page, 200);
});

subscriptionLinkRoutes.get(honoPath(SUBSCRIPTION_LINK_PATHS.unsubscribe), async (c) => {
	const token = tokenOf(c);
	if ((await subscriberOfManageToken(c.env.DB, token)) === null) return noticeAnswer(c, NO_SUBSCRIPTION);
	return htmlAnswer(UnsubscribePage({ ...(await pageBase(c.env)), token }), 200);
});

// RFC 8058 one-click: a POST (body List-Unsubscribe=One-Click, or the page's button) with no cookie, no
// authentication and no redirect; it answers 200 itself.
subscriptionLinkRoutes.post(
	honoPath(SUBSCRIPTION_LINK_PATHS.unsubscribe),
	limitBody(LINK_BODY_MAX_BYTES),
	async (c) => {
		if (!(await unsubscribe(c.env.DB, tokenOf(c), new Date()))) return noticeAnswer(c, NO_SUBSCRIPTION);
		const page = NoticePage({
			...(await pageBase(c.env)),
			title: "You are unsubscribed",
			lines: ["You will get no more notifications, and this subscription's data is deleted."],
		});
		return htmlAnswer(page, 200);
	},
);
