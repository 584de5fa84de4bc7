/**
 * Every URL path the Worker answers. Routes, the caches in front of them and the tests name paths
 * through these constants only, so that a path is spelled once.
 */
export const PUBLIC_PATHS = {
	surfaces: "/api/status/public/surfaces",
	incidents: "/api/status/public/incidents",
	/** One incident by its public id (OpenAPI's path template; incidentPath() fills it in). */
	incident: "/api/status/public/incidents/{id}",
	uptime: "/api/status/public/uptime",
	/** Each surface's uptime per calendar month (the history page's figures) as CSV. */
	uptimeCsv: "/api/status/public/uptime.csv",
	maintenances: "/api/status/public/maintenances",
	health: "/api/status/public/health",
	badge: "/api/status/public/badge.svg",
	/** The page's overall status in shields.io's endpoint format. */
	shields: "/api/status/public/shields.json",
	/** One surface's badge and shields.io endpoint (OpenAPI's path templates; surfacePath() fills them in). */
	surfaceBadge: "/api/status/public/surfaces/{id}/badge.svg",
	surfaceShields: "/api/status/public/surfaces/{id}/shields.json",
	feedAtom: "/api/status/public/feed.atom",
	feedRss: "/api/status/public/feed.rss",
	marketTime: "/api/status/public/widgets/market-time",
	marketCalendar: "/api/status/public/widgets/market-calendar",
	/** A self-service subscription (JSON or the page's form): a request to confirm. */
	subscriptions: "/api/status/public/subscriptions",
} as const;

/** Atlassian Statuspage's public API v2, at its own paths (the Worker answers status.raxx.app/api/*). */
export const ATLASSIAN_V2_PATHS = {
	summary: "/api/v2/summary.json",
	status: "/api/v2/status.json",
	components: "/api/v2/components.json",
	incidents: "/api/v2/incidents.json",
	unresolvedIncidents: "/api/v2/incidents/unresolved.json",
	maintenances: "/api/v2/scheduled-maintenances.json",
	upcomingMaintenances: "/api/v2/scheduled-maintenances/upcoming.json",
	activeMaintenances: "/api/v2/scheduled-maintenances/active.json",
} as const;

export const INTERNAL_PATHS = {
	updateSurface: "/api/internal/status/update-surface",
	seedSurfaces: "/api/internal/status/seed-surfaces",
	freescoutWebhook: "/api/internal/status/freescout-webhook",
	runJobs: "/api/internal/status/run-jobs",
	rebuildUptime: "/api/internal/status/rebuild-uptime",
	/** The scheduled jobs' last runs and health. */
	jobs: "/api/internal/status/jobs",
	/** One scheduled maintenance window by the caller's key (OpenAPI's path template). */
	maintenance: "/api/internal/status/maintenances/{key}",
	/** Notification subscribers, and one by its id (OpenAPI's path templates; idPath() fills them in). */
	subscribers: "/api/internal/status/subscribers",
	subscriber: "/api/internal/status/subscribers/{id}",
	subscriberRotateSecret: "/api/internal/status/subscribers/{id}/rotate-secret",
	subscriberTest: "/api/internal/status/subscribers/{id}/test",
	subscriberDeliveries: "/api/internal/status/subscribers/{id}/deliveries",
	/** Notification deliveries, and sending one again (idPath() fills it in). */
	deliveries: "/api/internal/status/deliveries",
	deliveryRetry: "/api/internal/status/deliveries/{id}/retry",
	/** Subscriptions for operators: counts of subscribers and pending requests; self-service subscribers as CSV. */
	subscriptionsSummary: "/api/internal/status/subscriptions/summary",
	subscriptionsExport: "/api/internal/status/subscriptions/export.csv",
} as const;

/** The status page a person opens in a browser (HTML), and its static files. */
export const PAGE_PATHS = {
	home: "/",
	/** One incident with its timeline, a page at a time (incidentPagePath() fills it in). */
	incident: "/incidents/{id}",
	/** Past incidents by month and each surface's uptime per month. */
	history: "/history",
	/** The subscribe form with every surface to choose from, group by group (under the subscriptions' route). */
	subscribe: "/subscriptions/new",
	/** A stylesheet, script or icon under its content-hashed name. */
	asset: "/assets/{name}",
	/**
	 * The same files under the subscriptions' route: in production only /api/* and /subscriptions/*
	 * reach the Worker (wrangler.toml), and the pages a mail's links open need their stylesheet.
	 */
	subscriptionAsset: "/subscriptions/assets/{name}",
} as const;

/**
 * The links self-service subscriptions' messages carry (HTML; a GET shows, only a POST changes):
 * OpenAPI-style templates, subscriptionLinkPath() fills the token in.
 */
export const SUBSCRIPTION_LINK_PATHS = {
	confirm: "/subscriptions/confirm/{token}",
	manage: "/subscriptions/manage/{token}",
	unsubscribe: "/subscriptions/unsubscribe/{token}",
} as const;
export type SubscriptionLink = keyof typeof SUBSCRIPTION_LINK_PATHS;

/** A subscription link's path for one token. */
export const subscriptionLinkPath = (link: SubscriptionLink, token: string): string =>
	SUBSCRIPTION_LINK_PATHS[link].replace("{token}", token);

export const OPENAPI_PATH = "/api/openapi.json";

/** Route patterns for middleware that covers a whole family of paths. */
export const PUBLIC_PATH_PREFIX = "/api/status/public/*";
export const ATLASSIAN_V2_PATH_PREFIX = "/api/v2/*";
export const INTERNAL_PATH_PREFIX = "/api/internal/status/*";

/** The path of one public incident, by its public id (inc_NNNNN). */
export const incidentPath = (publicId: string): string => PUBLIC_PATHS.incident.replace("{id}", publicId);

/** The page of one incident, by its public id. */
export const incidentPagePath = (publicId: string): string => PAGE_PATHS.incident.replace("{id}", publicId);

/** The internal path of the maintenance window under a caller's key. */
export const maintenancePath = (key: string): string => INTERNAL_PATHS.maintenance.replace("{key}", key);

/** An internal per-subscriber or per-delivery path (subscriber, subscriberTest, deliveryRetry...) for one id. */
export const idPath = (template: string, id: string): string => template.replace("{id}", id);

/** A per-surface public path (surfaceBadge, surfaceShields) for one surface id. */
export const surfacePath = (template: string, surfaceId: string): string => template.replace("{id}", surfaceId);

/** Where the per-surface public paths begin: the surfaces read's path and a slash. */
export const SURFACE_PATH_PREFIX = `${PUBLIC_PATHS.surfaces}/`;
