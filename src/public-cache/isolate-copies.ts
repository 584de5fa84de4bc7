/**
 * The hottest layer of the public reads: the last answer of each, kept in this isolate for one
 * second (src/http/cache/isolate-layer.ts serves and fills it). Writes in this isolate clear it;
 * another isolate of the same data center may answer from its own copy for up to that second (the
 * Cache API behind it is cleared by every write).
 */
export const ISOLATE_CACHE_MS = 1000;

export interface IsolateCopy {
	expires: number;
	etag: string;
	// Built once per copy: a Response copies a Headers object far faster than it builds one from
	// a list, and a hit is otherwise nothing but that copy.
	headers: Headers;
	notModifiedHeaders: Headers;
	// Kept encoded: a Response copies bytes faster than it encodes a string, and the HTML page is
	// tens of kilobytes (every Response gets its own copy, so one array serves them all).
	body: Uint8Array;
}

/** Copies kept at most: the uptime history has one per variant a client asks for. */
export const MAX_ISOLATE_COPIES = 64;

// In the order of last use, least recent first (a Map keeps insertion order): a full map evicts
// one copy, the least recently used, so cycling through variants cannot evict the page's copy.
const copies = new Map<string, IsolateCopy>();

/** The copy of the answer kept under `key` (isolate-layer.ts), if one is still fresh at `now`. */
export function freshCopy(key: string, now: number): IsolateCopy | null {
	const copy = copies.get(key);
	if (!copy || copy.expires <= now) return null;
	copies.delete(key);
	copies.set(key, copy);
	return copy;
}

export function keepCopy(key: string, copy: IsolateCopy): void {
	copies.delete(key);
	if (copies.size >= MAX_ISOLATE_COPIES) {
		const leastRecent = copies.keys().next();
		if (!leastRecent.done) copies.delete(leastRecent.value);
	}
	copies.set(key, copy);
}

export function forgetIsolateCopies(): void {
	copies.clear();
}
