/**
 * Every URL path the Worker answers. Routes, the caches in front of them and the tests name paths
 * through these constants only, so that a path is spelled once.
 */
export const PUBLIC_PATHS = {
	surfaces: "/api/status/public/surfaces",
	incidents: "/api/status/public/incidents",
	uptime: "/api/status/public/uptime",
	marketTime: "/api/status/public/widgets/market-time",
	marketCalendar: "/api/status/public/widgets/market-calendar",
} as const;

export const INTERNAL_PATHS = {
	updateSurface: "/api/internal/status/update-surface",
	seedSurfaces: "/api/internal/status/seed-surfaces",
	freescoutWebhook: "/api/internal/status/freescout-webhook",
	runJobs: "/api/internal/status/run-jobs",
	rebuildUptime: "/api/internal/status/rebuild-uptime",
} as const;

export const OPENAPI_PATH = "/api/openapi.json";

/** Route patterns for middleware that covers a whole family of paths. */
export const PUBLIC_PATH_PREFIX = "/api/status/public/*";
export const INTERNAL_PATH_PREFIX = "/api/internal/status/*";
