/** A registered handler as Hono lists it (`app.routes`): middleware is registered for the method ALL. */
export interface RegisteredRoute {
	method: string;
	path: string;
}

/** The order methods are listed in an `Allow` header. */
const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

const byMethodOrder = (a: string, b: string) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b);

/** A Hono route path (`/incidents/:id`, `/api/v2/*`) as an anchored pattern over a request path. */
function pathPattern(path: string): RegExp {
	const source = path
		.split("/")
		.map((segment) => {
			if (segment === "*") return ".*";
			if (segment.startsWith(":")) {
				if (segment.includes("{")) throw new Error(`allowed-methods: no support for a constrained parameter (${path})`);
				return "[^/]+";
			}
			return segment.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&");
		})
		.join("/");
	return new RegExp(`^${source}$`);
}

/**
 * The methods a path answers, from the routes an app registered: each route's method, HEAD wherever
 * GET is (Hono answers HEAD with the GET route), and OPTIONS on the paths a CORS middleware answers
 * preflights for (`preflightPaths`, Hono patterns). An empty list: the path is not known at all.
 */
export function allowedMethodsOf(
	routes: readonly RegisteredRoute[],
	preflightPaths: readonly string[],
): (path: string) => string[] {
	const byPath = new Map<string, Set<string>>();
	for (const { method, path } of routes) {
		if (method === "ALL") continue;
		const methods = byPath.get(path) ?? new Set<string>();
		methods.add(method);
		if (method === "GET") methods.add("HEAD");
		byPath.set(path, methods);
	}
	const table = [...byPath].map(([path, methods]) => ({ pattern: pathPattern(path), methods }));
	const preflight = preflightPaths.map(pathPattern);
	return (path) => {
		const allowed = new Set<string>();
		for (const { pattern, methods } of table) {
			if (pattern.test(path)) for (const method of methods) allowed.add(method);
		}
		if (allowed.size > 0 && preflight.some((pattern) => pattern.test(path))) allowed.add("OPTIONS");
		return [...allowed].sort(byMethodOrder);
	};
}
