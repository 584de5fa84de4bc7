import { frameAncestors } from "../../domain/frame-ancestors";

// What was refused and already logged, so that each isolate logs a bad value once, not per request.
const reportedRefusals = new Set<string>();

/**
 * Who may frame the page, from STATUS_PAGE_FRAME_ANCESTORS: a value the rule refuses is logged
 * once and the page is framed by nobody ('none'), never by what the value would have allowed.
 */
export function pageFrameAncestors(configured: string | undefined): string {
	const { sources, refused } = frameAncestors(configured);
	if (refused !== null && !reportedRefusals.has(refused)) {
		reportedRefusals.add(refused);
		console.error(JSON.stringify({ event: "frame_ancestors_refused", detail: refused }));
	}
	return sources;
}

/** Where Cloudflare Turnstile's widget comes from: its script, and the frame it draws the challenge in. */
export const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";
export const TURNSTILE_SCRIPT = `${TURNSTILE_ORIGIN}/turnstile/v0/api.js`;

/**
 * The page's Content-Security-Policy: its own stylesheet, script, icon, revalidation fetch and form
 * post, and nothing else from anywhere (but Turnstile's script and frame where the subscribe form
 * carries its widget); framed only by the configured ancestors.
 */
export function pageContentSecurityPolicy(frameAncestors: string, turnstile = false): string {
	return [
		"default-src 'none'",
		"style-src 'self'",
		turnstile ? `script-src 'self' ${TURNSTILE_ORIGIN}` : "script-src 'self'",
		...(turnstile ? [`frame-src ${TURNSTILE_ORIGIN}`] : []),
		"img-src 'self'",
		"connect-src 'self'",
		"base-uri 'none'",
		// The subscribe form posts to this origin's API.
		"form-action 'self'",
		`frame-ancestors ${frameAncestors}`,
	].join("; ");
}

/** A year, and never revalidated: an asset's name changes with its content. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";
