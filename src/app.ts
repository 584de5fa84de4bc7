import { cors } from "hono/cors";
import { notFound } from "./http/errors";
import { INTERNAL_TOKEN_HEADER } from "./http/internal-auth";
import { TAGS } from "./http/openapi-helpers";
import { createRouter } from "./http/router";
import { ROUTE_MODULES } from "./http/routes";
import { securityHeaders } from "./http/security-headers";
import { SIGNATURE_HEADER } from "./http/webhook-auth";
import { ATLASSIAN_V2_PATH_PREFIX, INTERNAL_PATH_PREFIX, OPENAPI_PATH, PUBLIC_PATH_PREFIX } from "./paths";
import { invalidatePublicReads } from "./public-cache/invalidate";

export { OPENAPI_PATH } from "./paths";

export function createApp() {
	const app = createRouter();

	app.use(securityHeaders());
	// Public reads stay readable cross-origin; internal routes do not answer preflights.
	const publicCors = cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], maxAge: 86400 });
	app.use(PUBLIC_PATH_PREFIX, publicCors);
	app.use(ATLASSIAN_V2_PATH_PREFIX, publicCors);

	// Every internal write drops the cached public reads before it answers.
	app.use(INTERNAL_PATH_PREFIX, async (c, next) => {
		await next();
		if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.res.status < 300) await invalidatePublicReads(c.env);
	});

	for (const routes of ROUTE_MODULES) app.route("/", routes);

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
	// Generated on its first request, when every route has registered, and kept for the isolate's life.
	let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
	app.get(OPENAPI_PATH, (c) => {
		document ??= app.getOpenAPI31Document({
			openapi: "3.1.0",
			info: {
				title: "status-d1",
				version: "1.0.0",
				description: "The status backend of raxx.app: surfaces, incidents and the market clock.",
			},
			tags: Object.values(TAGS),
		});
		return c.json(document);
	});

	app.notFound(notFound);
	return app;
}
