import { MAX_HISTORY_DAYS } from "../../domain/uptime/history-window";
import { PUBLIC_PATHS } from "../../paths";

// The one spelling of each cached variant that depends on a query string, shared by the routes (the
// Cache API's variant keys) and the isolate's layer (its copies' keys): two spellings of one answer
// (`?days=90&surface=login`, `?surface=login&days=90`, `?days=%390`) share one entry.

/** An uptime history variant: its days, and its one surface or none for all. */
export const uptimeVariant = (days: number, surface: string | undefined): string =>
	`${PUBLIC_PATHS.uptime}?days=${days}${surface === undefined ? "" : `&surface=${surface}`}`;

/** A path (an incident's route or page) with the cursor of a page of older updates; the path alone for the newest. */
export const olderUpdatesPath = (path: string, before: string | null): string =>
	before === null ? path : `${path}?before=${before}`;

// The forms the uptime route accepts as they are (UptimeQuerySchema): anything else goes to it.
const DAYS = /^[1-9]\d?$/;
const SURFACE = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * The parameters of a query string a read answers to, decoded (as the router decodes them); the
 * others (a cache-buster, `?_=123`) change nothing in the answer and are left out. Null when one it
 * answers to is named twice: the route judges that query itself.
 */
function knownParams(query: string, known: readonly string[]): Map<string, string> | null {
	const params = new Map<string, string>();
	for (const [name, value] of new URLSearchParams(query)) {
		if (!known.includes(name)) continue;
		if (params.has(name)) return null;
		params.set(name, value);
	}
	return params;
}

/**
 * The uptime variant a query string asks for, when the route would answer it as spelled (`days` and
 * `surface` well formed, each at most once; other parameters are ignored); null for a query the
 * route refuses or judges itself.
 */
export function uptimeVariantOfQuery(query: string): string | null {
	const params = knownParams(query, ["days", "surface"]);
	if (params === null) return null;
	const days = params.get("days") ?? String(MAX_HISTORY_DAYS);
	const surface = params.get("surface");
	if (!DAYS.test(days) || Number(days) > MAX_HISTORY_DAYS) return null;
	if (surface !== undefined && !SURFACE.test(surface)) return null;
	return uptimeVariant(Number(days), surface);
}

/** An incident's path with the cursor its query string names, the path alone for none; null when named twice. */
export function olderUpdatesOfQuery(path: string, query: string): string | null {
	const params = knownParams(query, ["before"]);
	return params === null ? null : olderUpdatesPath(path, params.get("before") ?? null);
}
