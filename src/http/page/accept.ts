/** A media range of an Accept header with its weight. */
interface MediaRange {
	type: string;
	q: number;
}

function mediaRanges(accept: string): MediaRange[] {
	return accept
		.split(",")
		.map((part) => {
			const [type = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
			const q = parameters.find((parameter) => parameter.startsWith("q="));
			const weight = q === undefined ? 1 : Number(q.slice(2));
			return { type, q: Number.isFinite(weight) ? weight : 0 };
		})
		.filter((range) => range.type !== "");
}

/** The weight an Accept header gives a media type: its most specific matching range's. */
function weightOf(ranges: readonly MediaRange[], type: string): number {
	const [major] = type.split("/");
	const exact = ranges.find((range) => range.type === type);
	if (exact) return exact.q;
	const family = ranges.find((range) => range.type === `${major}/*`);
	if (family) return family.q;
	return ranges.find((range) => range.type === "*/*")?.q ?? 0;
}

/**
 * Whether a request for a page asks for JSON rather than HTML: its Accept header weighs JSON (or
 * problem+json) above HTML. No header, or a browser's, prefers HTML.
 */
export function prefersJson(accept: string | undefined): boolean {
	if (!accept) return false;
	const ranges = mediaRanges(accept);
	const json = Math.max(weightOf(ranges, "application/json"), weightOf(ranges, "application/problem+json"));
	return json > 0 && json > weightOf(ranges, "text/html");
}
