import { type SubscriptionLink, subscriptionLinkPath } from "../../paths";

/** A subscription link as a message carries it: the page's public origin, the link's path, the token. */
export const subscriptionUrl = (publicOrigin: string, link: SubscriptionLink, token: string): string =>
	`${publicOrigin.replace(/\/$/, "")}${subscriptionLinkPath(link, token)}`;
