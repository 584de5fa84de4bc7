import { ProblemSchema } from "./shared/schemas";

const DESCRIPTIONS: Record<number, string> = {
	400: "Malformed JSON or a body that fails validation",
	401: "Missing or wrong credentials",
	403: "Refused: the Turnstile challenge was not passed (`turnstile_failed`)",
	404: "No such resource (for example an unknown surface id)",
	409: "The resource is in a state that does not allow this change (a maintenance window that started or is over)",
	413: "Body too large",
	415: "Content-Type is not application/json",
	422: "Well-formed but not acceptable: for example an unknown surface, or a note or title breaking the public-text rule (`invalid_public_text`, its `errors` naming the field)",
	429: "Too many requests from this client or for this address (`rate_limited`); retry after Retry-After seconds",
	503: "The status database is briefly unavailable; retry after Retry-After seconds",
};

/** The problem+json answers a route can give, for its OpenAPI description. */
export function problemResponses(...statuses: (keyof typeof DESCRIPTIONS)[]) {
	return Object.fromEntries(
		statuses.map((status) => [
			status,
			{
				description: DESCRIPTIONS[status] ?? "Problem",
				content: { "application/problem+json": { schema: ProblemSchema } },
			},
		]),
	);
}

/**
 * The 503 of a write that retries on concurrent writes of the same resource: the database's
 * `storage_unavailable`, or `write_contention` when the retries ran out. Both wrote nothing.
 */
export function contentionResponses() {
	return {
		503: {
			description:
				"`storage_unavailable`: the status database is briefly unavailable; `write_contention`: concurrent writes of the same resource outran this one's retries. Nothing was written; retry after Retry-After seconds",
			headers: {
				"Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer" as const } },
			},
			content: { "application/problem+json": { schema: ProblemSchema } },
		},
	};
}

export const INTERNAL_SECURITY = [{ InternalToken: [] }];

/** The OpenAPI tags: every route carries one, so the document groups what a reader looks for. */
export const TAGS = {
	public: { name: "public", description: "The public status page's reads: no auth, CORS, cached" },
	statuspage: {
		name: "statuspage",
		description: "Atlassian Statuspage's public API v2, read-only, from the same data: no auth, CORS, cached",
	},
	market: { name: "market", description: "The US equity market clock and calendar: no auth, no storage" },
	internal: { name: "internal", description: "Writers: X-Internal-Status-Token or the FreeScout signature" },
} as const;

export const tagged = (tag: keyof typeof TAGS) => [TAGS[tag].name];
