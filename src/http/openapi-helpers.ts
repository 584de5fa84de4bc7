import { ProblemSchema } from "./schemas";

const DESCRIPTIONS: Record<number, string> = {
	400: "Malformed JSON or a body that fails validation",
	401: "Missing or wrong credentials",
	413: "Body too large",
	415: "Content-Type is not application/json",
	422: "Well-formed but not acceptable (for example an unknown surface)",
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

export const INTERNAL_SECURITY = [{ InternalToken: [] }];
