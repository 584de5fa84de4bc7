/**
 * The page's Content-Security-Policy: its own stylesheet, script, icon and revalidation fetch, and
 * nothing else from anywhere; framed only by the configured ancestors.
 */
export function pageContentSecurityPolicy(frameAncestors: string): string {
	return [
		"default-src 'none'",
		"style-src 'self'",
		"script-src 'self'",
		"img-src 'self'",
		"connect-src 'self'",
		"base-uri 'none'",
		"form-action 'none'",
		`frame-ancestors ${frameAncestors}`,
	].join("; ");
}

/** A year, and never revalidated: an asset's name changes with its content. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";
