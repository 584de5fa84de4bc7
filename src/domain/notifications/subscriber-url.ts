// Where a notification may be sent: a subscriber's URL is checked when it is given, so that the
// Worker never posts to itself, to a private network, or to a chat URL of the wrong shape.

/** The kinds an operator's subscriber is: each posts to a URL. */
export const SUBSCRIBER_KINDS = ["webhook", "statuspage", "slack", "discord", "teams"] as const;
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number];

/** Every kind of notification_subscribers row: the URL kinds and a self-service email address (url `mailto:`). */
export const DELIVERY_KINDS = [...SUBSCRIBER_KINDS, "email"] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** Who made a subscriber: an operator through the internal API, or a person through the public subscription. */
export const SUBSCRIBER_ORIGINS = ["operator", "self_service"] as const;
export type SubscriberOrigin = (typeof SUBSCRIBER_ORIGINS)[number];

export interface SubscriberUrlRules {
	/** This Worker's own host names: never a target. */
	ownHosts: readonly string[];
	/** Local development and tests only (NOTIFICATIONS_ALLOW_LOOPBACK): http://127.0.0.1:PORT for any kind. */
	allowLoopback: boolean;
}

export type SubscriberUrlCheck = { ok: true; url: URL } | { ok: false; problem: string };

/** Host names that never leave the machine or the private network, whatever resolves them. */
const PRIVATE_NAME =
	/(^|\.)(localhost|localdomain|local|internal|intranet|lan|home|home\.arpa|corp|private|test|invalid|example|onion|alt|svc)$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Each chat kind's own hosts and paths: its incoming-webhook URLs and nothing else. */
const CHAT_URLS: Partial<Record<SubscriberKind, { hosts: RegExp; path: RegExp; example: string }>> = {
	slack: {
		hosts: /^hooks\.slack\.com$/,
		path: /^\/services\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]+$/,
		example: "https://hooks.slack.com/services/T.../B.../...",
	},
	discord: {
		hosts: /^(ptb\.|canary\.)?(discord|discordapp)\.com$/,
		path: /^\/api(\/v\d+)?\/webhooks\/\d+\/[A-Za-z0-9_-]+$/,
		example: "https://discord.com/api/webhooks/ID/TOKEN",
	},
	teams: {
		hosts: /^([a-z0-9-]+\.)+(logic\.azure\.com|api\.powerplatform\.com)$/,
		path: /^\/(workflows|powerautomate\/automations\/direct\/workflows)\/[A-Za-z0-9]+\//,
		example: "the HTTP POST URL of a Teams Workflows webhook trigger (https://....logic.azure.com/workflows/...)",
	},
};

const refuse = (problem: string): SubscriberUrlCheck => ({ ok: false, problem });

function isLoopbackTarget(url: URL): boolean {
	return url.protocol === "http:" && url.hostname === "127.0.0.1" && url.port !== "";
}

/** Whether `raw` may receive `kind`'s notifications, and the URL as it will be called. */
export function checkSubscriberUrl(kind: SubscriberKind, raw: string, rules: SubscriberUrlRules): SubscriberUrlCheck {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return refuse("is not a URL");
	}
	if (url.username !== "" || url.password !== "") return refuse("may not carry credentials (user:password@)");
	if (rules.allowLoopback && isLoopbackTarget(url)) return { ok: true, url };
	if (url.protocol !== "https:") return refuse("must be https");
	if (url.port !== "") return refuse("must use https's own port (443)");
	// A fully qualified name's trailing dots name the same host.
	const host = url.hostname.toLowerCase().replace(/\.+$/, "");
	if (IPV4.test(host) || host.startsWith("[")) return refuse("must name a host, not an IP address");
	if (!host.includes(".") || PRIVATE_NAME.test(host)) {
		return refuse("must be a public host name, not a local or private one");
	}
	if (rules.ownHosts.some((own) => own.toLowerCase() === host)) return refuse("may not be this status page itself");
	const chat = CHAT_URLS[kind];
	if (chat && !(chat.hosts.test(host) && chat.path.test(url.pathname))) {
		return refuse(`is not a ${kind} incoming-webhook URL (${chat.example})`);
	}
	return { ok: true, url };
}
