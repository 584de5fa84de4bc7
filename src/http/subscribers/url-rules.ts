import type { SubscriberUrlRules } from "../../domain/notifications/subscriber-url";
import { loopbackAllowed } from "../../notify/settings";
import { publicOrigin } from "../../public-cache/settings";

const hostOf = (url: string): string | null => {
	try {
		return new URL(url).hostname;
	} catch {
		return null;
	}
};

/** Where this Worker's notifications may go: never to itself, by the host it was called at or its public origin. */
export function subscriberUrlRules(requestUrl: string, env: Env): SubscriberUrlRules {
	const ownHosts = [hostOf(requestUrl), hostOf(publicOrigin(env))].filter((host): host is string => host !== null);
	return { ownHosts, allowLoopback: loopbackAllowed(env) };
}
