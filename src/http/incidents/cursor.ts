import { storedInstantText } from "../../domain/instants";
import { HttpProblem } from "../problem";

export { olderUpdatesPath } from "../cache/variant-keys";

// An incident's timeline is read a page at a time (`?before=`, the time of the last update of the
// page before). Only cursors that name one of the incident's events are answered, so the answers
// cached per cursor are bounded by the incident's events.

/** What a page's ETag adds for its cursor: nothing for the newest updates. */
export const cursorEtagParts = (before: string | null): string[] =>
	before === null ? [] : [`before${before.replace(/[-:.]/g, "")}`];

export const unknownCursor = () =>
	new HttpProblem(
		"invalid_query",
		"before names no update of this incident: use the `older_updates` path of the page before.",
		[{ in: "query", path: "before", message: "names no update of this incident" }],
	);

/** The `before` query of a page read by hand (the HTML page): the cursor, null for none; malformed is 400. */
export function cursorOf(query: string | undefined): string | null {
	if (query === undefined) return null;
	if (storedInstantText(query) !== null) return query;
	throw new HttpProblem("invalid_query", "before must be an update's time as answered (YYYY-MM-DDTHH:MM:SS.sssZ).", [
		{ in: "query", path: "before", message: "must be an update's `at` as answered (YYYY-MM-DDTHH:MM:SS.sssZ)" },
	]);
}
