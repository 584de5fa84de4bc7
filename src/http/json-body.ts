import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";
import { HttpProblem } from "./problem";

export const MAX_WRITE_BODY_BYTES = 16 * 1024;
/** Routes that take no body still cap what they will read. */
export const NO_BODY_MAX_BYTES = 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function assertJsonContentType(contentType: string | undefined): void {
	if (!JSON_MEDIA_TYPE.test(contentType ?? "")) {
		throw new HttpProblem(
			"unsupported_media_type",
			`Content-Type must be application/json, not '${contentType?.slice(0, 100) || "(none)"}'.`,
		);
	}
}

/**
 * A body's bytes as text, refused with a 400 problem unless they are well-formed UTF-8 (RFC 8259): a
 * lenient decoder would turn each broken byte into U+FFFD, storing text nobody sent.
 */
export function decodeUtf8Body(bytes: ArrayBuffer): string {
	try {
		return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		throw new HttpProblem("malformed_json", "The body is not well-formed UTF-8.");
	}
}

/** JSON.parse, with a malformed body answered as a 400 problem. */
export function parseJsonText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new HttpProblem("malformed_json", `The body is not valid JSON: ${(error as Error).message}`);
	}
}

/** A body limit counted as the body streams, so a chunked body without Content-Length is capped too. */
export function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
	return bodyLimit({
		maxSize: maxBytes,
		onError: () => {
			throw new HttpProblem("payload_too_large", `The body must be at most ${maxBytes} bytes.`);
		},
	});
}

const requireJsonContentType = createMiddleware<AppEnv>(async (c, next) => {
	assertJsonContentType(c.req.header("Content-Type"));
	await next();
});

// Parses once so malformed JSON is a 400 of ours; the route's validator reuses Hono's cached body.
const requireWellFormedJson = createMiddleware<AppEnv>(async (c, next) => {
	parseJsonText(decodeUtf8Body(await c.req.arrayBuffer()));
	await next();
});

/**
 * A JSON write body: the right media type, at most `maxBytes` (counted as it streams, so a chunked
 * body without Content-Length is capped too), and well-formed, each refused with its own problem.
 */
export function jsonBody(maxBytes = MAX_WRITE_BODY_BYTES): MiddlewareHandler<AppEnv>[] {
	return [requireJsonContentType, limitBody(maxBytes), requireWellFormedJson];
}
