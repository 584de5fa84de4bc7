/**
 * The path of an absolute request URL, without parsing it: the pre-routing layer runs on every
 * request, and `new URL()` costs more than the rest of a cache hit. The path is compared as sent;
 * a path spelled differently (dot segments, escapes) simply misses and goes through the router.
 */
export interface RequestPath {
	path: string;
	hasQuery: boolean;
	/** The path and the query string, as sent. */
	target: string;
}

export function requestPath(url: string): RequestPath {
	const start = url.indexOf("/", url.indexOf("//") + 2);
	if (start < 0) return { path: "/", hasQuery: false, target: "/" };
	const query = url.indexOf("?", start);
	const hash = url.indexOf("#", start);
	const end = query >= 0 ? query : hash >= 0 ? hash : url.length;
	return {
		path: url.slice(start, end),
		hasQuery: query >= 0,
		target: url.slice(start, hash >= 0 ? hash : url.length),
	};
}
