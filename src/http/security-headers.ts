import type { MiddlewareHandler } from "hono";

/**
 * The headers every answer carries. Every answer is JSON (an API, not a page), so two headers do
 * all the work: nothing in an answer may run, load or be framed, and no browser may sniff it into
 * HTML. The page headers that have no effect on a JSON answer are left out, because each header is
 * paid for on every read of the status page at its peak: X-Frame-Options (superseded by
 * frame-ancestors), Referrer-Policy (a JSON answer links nothing), Cross-Origin-Resource-Policy
 * (cross-origin is what no header means, and CORS governs reads) and Strict-Transport-Security
 * (raxx.app and workers.dev are on browsers' HSTS preload lists; set it on the zone otherwise).
 * One list for the router (the middleware below) and for the answers served before routing.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options": "nosniff",
};

const ENTRIES = Object.entries(SECURITY_HEADERS);

/**
 * What the router puts on every public answer (the security headers, and CORS for the public
 * paths, app.ts), for the public answers served before routing: they must not differ.
 */
export const PUBLIC_ANSWER_HEADERS: Readonly<Record<string, string>> = {
	...SECURITY_HEADERS,
	"Access-Control-Allow-Origin": "*",
};

/**
 * Sets the security headers on every answer. A route may bring its own Content-Security-Policy,
 * never a looser one than it needs: the badges' SVG, whose inline styles must apply.
 */
export function securityHeaders(): MiddlewareHandler {
	return async (c, next) => {
		await next();
		for (const [name, value] of ENTRIES) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
	};
}

/** The CSP of an SVG answer: nothing may load or run; its own inline styles apply. */
export const SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";
