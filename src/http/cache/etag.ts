/** Whether an If-None-Match header names this ETag (or `*`); weak forms compare by their tag. */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string | null): boolean {
	if (!ifNoneMatch || !etag) return false;
	return ifNoneMatch
		.split(",")
		.map((tag) => tag.trim().replace(/^W\//, ""))
		.some((tag) => tag === "*" || tag === etag);
}
