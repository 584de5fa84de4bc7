import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { HttpProblem } from "./problem";

export const MAX_WRITE_BODY_BYTES = 16 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const requireJsonContentType = createMiddleware<AppEnv>(async (c, next) => {
	const contentType = c.req.header("Content-Type") ?? "";
	if (!JSON_MEDIA_TYPE.test(contentType)) {
		throw new HttpProblem(
			"unsupported_media_type",
			`Content-Type must be application/json, not '${contentType.slice(0, 100) || "(none)"}'.`,
		);
	}
	await next();
});

// Parses once so malformed JSON is a 400 of ours; the route's validator reuses Hono's cached body.
const requireWellFormedJson = createMiddleware<AppEnv>(async (c, next) => {
	const text = await c.req.text();
	try {
		JSON.parse(text);
	} catch (error) {
		throw new HttpProblem("malformed_json", `The body is not valid JSON: ${(error as Error).message}`);
	}
	await next();
});

/**
 * A JSON write body: the right media type, at most `maxBytes` (counted as it streams, so a chunked
 * body without Content-Length is capped too), and well-formed, each refused with its own problem.
 */
export function jsonBody(maxBytes = MAX_WRITE_BODY_BYTES): MiddlewareHandler<AppEnv>[] {
	return [
		requireJsonContentType,
		bodyLimit({
			maxSize: maxBytes,
			onError: () => {
				throw new HttpProblem("payload_too_large", `The body must be at most ${maxBytes} bytes.`);
			},
		}),
		requireWellFormedJson,
	];
}
