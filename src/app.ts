import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import type { AppEnv } from "./http/app-env";
import { notFound, onError } from "./http/errors";
import { INTERNAL_TOKEN_HEADER } from "./http/internal-auth";
import { HttpProblem } from "./http/problem";
import { invalidatePublicReads } from "./http/public-cache";
import { freescoutWebhookRoutes } from "./http/routes/freescout-webhook";
import { marketWidgetRoutes } from "./http/routes/market-widgets";
import { publicIncidentsRoutes } from "./http/routes/public-incidents";
import { publicSurfacesRoutes } from "./http/routes/public-surfaces";
import { runJobsRoutes } from "./http/routes/run-jobs";
import { seedSurfacesRoutes } from "./http/routes/seed-surfaces";
import { updateSurfaceRoutes } from "./http/routes/update-surface";
import { securityHeaders } from "./http/security-headers";
import { SIGNATURE_HEADER } from "./http/webhook-auth";

export const OPENAPI_PATH = "/api/openapi.json";

export function createApp() {
	const app = new OpenAPIHono<AppEnv>({
		defaultHook: (result) => {
			if (result.success) return;
			const errors = result.error.issues.map((issue) => ({
				path: issue.path.map(String).join(".") || "(body)",
				message: issue.message,
			}));
			const [code, where] =
				result.target === "query" ? (["invalid_query", "query"] as const) : (["validation_failed", "body"] as const);
			throw new HttpProblem(
				code,
				`The ${where} has ${errors.length} problem(s): ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
				errors,
			);
		},
	});

	app.use(securityHeaders());
	// Public reads stay readable cross-origin; internal routes do not answer preflights.
	app.use("/api/status/public/*", cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], maxAge: 86400 }));

	// Every internal write drops the cached public reads before it answers.
	app.use("/api/internal/status/*", async (c, next) => {
		await next();
		if (c.req.method === "POST" && c.res.status < 300) await invalidatePublicReads(c.env);
	});

	app.route("/", publicSurfacesRoutes);
	app.route("/", updateSurfaceRoutes);
	app.route("/", seedSurfacesRoutes);
	app.route("/", publicIncidentsRoutes);
	app.route("/", freescoutWebhookRoutes);
	app.route("/", marketWidgetRoutes);
	app.route("/", runJobsRoutes);

	app.openAPIRegistry.registerComponent("securitySchemes", "InternalToken", {
		type: "apiKey",
		in: "header",
		name: INTERNAL_TOKEN_HEADER,
	});
	app.openAPIRegistry.registerComponent("securitySchemes", "FreeScoutSignature", {
		type: "apiKey",
		in: "header",
		name: SIGNATURE_HEADER,
		description:
			"HMAC of the raw body with FREESCOUT_WEBHOOK_SECRET: `sha256=<hex>` (relay) or base64 SHA-1 (FreeScout)",
	});
	app.doc31(OPENAPI_PATH, {
		openapi: "3.1.0",
		info: {
			title: "status-d1",
			version: "1.0.0",
			description: "The status backend of raxx.app: surfaces, incidents and the market clock.",
		},
	});

	app.onError(onError);
	app.notFound(notFound);
	return app;
}
