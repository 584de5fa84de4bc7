import { cors } from "hono/cors";
import { allowedMethodsOf } from "./http/allowed-methods";
import { routeNotTaken } from "./http/errors";
import { INTERNAL_TOKEN_HEADER } from "./http/internal-auth";
import { TAGS } from "./http/openapi-helpers";
import { createRouter } from "./http/router";
import { ROUTE_MODULES } from "./http/routes";
import { securityHeaders } from "./http/security-headers";
import { SIGNATURE_HEADER } from "./http/webhook-auth";
import { requestFanOut } from "./notify/messages";
import { ATLASSIAN_V2_PATH_PREFIX, INTERNAL_PATH_PREFIX, OPENAPI_PATH, PUBLIC_PATH_PREFIX } from "./paths";
import { invalidatePublicReads } from "./public-cache/invalidate";

export { OPENAPI_PATH } from "./paths";

/** The paths whose preflights (OPTIONS) the public CORS middleware answers. */
const PREFLIGHT_PATHS = [PUBLIC_PATH_PREFIX, ATLASSIAN_V2_PATH_PREFIX];

export function createApp() {
	const app = createRouter();

	app.use(securityHeaders());
	// Public reads stay readable cross-origin; internal routes do not answer preflights.
	const publicCors = cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], maxAge: 86400 });
	for (const prefix of PREFLIGHT_PATHS) app.use(prefix, publicCors);

	// Every internal write drops the cached public reads before it answers, and asks for the
	// fan-out of the events it committed, after it answers.
	app.use(INTERNAL_PATH_PREFIX, async (c, next) => {
		await next();
		if (c.req.method === "GET" || c.req.method === "HEAD" || c.res.status >= 300) return;
		await invalidatePublicReads(c.env);
		c.executionCtx.waitUntil(requestFanOut(c.env.NOTIFY_QUEUE));
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
	app.openAPIRegistry.registerComponent("responses", "MethodNotAllowed", {
		description:
			"Any documented path with a method it does not answer: problem+json `method_not_allowed`, and `Allow` listing the methods it answers (HEAD wherever GET is, OPTIONS where CORS preflights are answered)",
		headers: {
			Allow: { description: "The methods this path answers, e.g. `GET, HEAD, OPTIONS`", schema: { type: "string" } },
		},
		content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
	});
	// Generated on its first request, when every route has registered, and kept for the isolate's life.
	let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
	app.get(OPENAPI_PATH, (c) => {
		document ??= app.getOpenAPI31Document({
			openapi: "3.1.0",
			info: {
				title: "status-d1",
				version: "1.0.0",
				description:
					"The status backend of raxx.app: surfaces, incidents and the market clock. A documented path called with a method it does not answer gets 405 (components.responses.MethodNotAllowed), an unknown path 404.",
			},
			tags: Object.values(TAGS),
		});
		return c.json(document);
	});

	let allowedMethods: ReturnType<typeof allowedMethodsOf> | undefined;
	app.notFound(
		routeNotTaken(() => {
			allowedMethods ??= allowedMethodsOf(app.routes, PREFLIGHT_PATHS);
			return allowedMethods;
		}),
	);
	return app;
}
