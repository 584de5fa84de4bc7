import type { SubscriberLinks } from "../domain/notifications/bodies/links";
import { subscriptionUrl } from "../domain/subscriptions/links";
import { manageToken } from "../lib/subscription-tokens";
import { publicOrigin } from "../public-cache/settings";
import type { NotifyEnv } from "./settings";

export type LinkEnv = NotifyEnv & Pick<Env, "SUBSCRIPTION_LINK_KEY">;

/**
 * The links every message to a self-service subscriber carries: the page, its manage page and its
 * one-click unsubscribe, under the page's public origin. The token is derived from the subscriber's
 * id (manageToken), so nothing is stored to carry it and deleting the subscriber revokes it.
 */
export async function subscriberLinks(env: LinkEnv, subscriberId: string): Promise<SubscriberLinks> {
	const origin = publicOrigin(env).replace(/\/$/, "");
	const token = await manageToken(env.SUBSCRIPTION_LINK_KEY, subscriberId);
	return {
		pageUrl: `${origin}/`,
		manageUrl: subscriptionUrl(origin, "manage", token),
		unsubscribeUrl: subscriptionUrl(origin, "unsubscribe", token),
	};
}
