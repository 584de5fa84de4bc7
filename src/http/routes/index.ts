import { atlassianV2Routes } from "./atlassian-v2";
import { deliveryRoutes } from "./deliveries";
import { feedRoutes } from "./feeds";
import { freescoutWebhookRoutes } from "./freescout-webhook";
import { jobStatusRoutes } from "./job-status";
import { maintenanceRoutes } from "./maintenances";
import { marketWidgetRoutes } from "./market-widgets";
import { pageRoutes } from "./page";
import { publicIncidentsRoutes } from "./public-incidents";
import { publicSubscriptionRoutes } from "./public-subscriptions";
import { publicSurfacesRoutes } from "./public-surfaces";
import { publicUptimeRoutes } from "./public-uptime";
import { publicUptimeCsvRoutes } from "./public-uptime-csv";
import { rebuildUptimeRoutes } from "./rebuild-uptime";
import { runJobsRoutes } from "./run-jobs";
import { seedSurfacesRoutes } from "./seed-surfaces";
import { statusSignalRoutes } from "./status-signals";
import { subscriberReportRoutes } from "./subscriber-reports";
import { subscriberRoutes } from "./subscribers";
import { subscriptionLinkRoutes } from "./subscription-links";
import { updateSurfaceRoutes } from "./update-surface";

/** Every route module, each made by createRouter(); the app mounts them all at the root. */
export const ROUTE_MODULES = [
	publicSurfacesRoutes,
	updateSurfaceRoutes,
	seedSurfacesRoutes,
	publicIncidentsRoutes,
	freescoutWebhookRoutes,
	marketWidgetRoutes,
	runJobsRoutes,
	jobStatusRoutes,
	publicUptimeRoutes,
	publicUptimeCsvRoutes,
	rebuildUptimeRoutes,
	maintenanceRoutes,
	subscriberRoutes,
	subscriberReportRoutes,
	deliveryRoutes,
	publicSubscriptionRoutes,
	subscriptionLinkRoutes,
	statusSignalRoutes,
	atlassianV2Routes,
	feedRoutes,
	pageRoutes,
] as const;
