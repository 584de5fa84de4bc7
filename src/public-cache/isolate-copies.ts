/**
 * The hottest layer of the public reads: the last answer of each, kept in this isolate for one
 * second (src/http/cache/isolate-cache.ts serves and fills it). Writes in this isolate clear it;
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
	body: string;
}

const copies = new Map<string, IsolateCopy>();

/** The copy of the answer to `path`, if one is still fresh at `now`. */
export function freshCopy(path: string, now: number): IsolateCopy | null {
	const copy = copies.get(path);
	return copy && copy.expires > now ? copy : null;
}

export function keepCopy(path: string, copy: IsolateCopy): void {
	copies.set(path, copy);
}

export function forgetIsolateCopies(): void {
	copies.clear();
}
