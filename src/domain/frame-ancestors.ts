import { configuredOr } from "./page-identity.ts";

/** Nobody may frame the page unless the operators say who may (STATUS_PAGE_FRAME_ANCESTORS). */
export const DEFAULT_FRAME_ANCESTORS = "'none'";

// CSP source expressions frame-ancestors accepts that an operator would write: 'self', 'none',
// and scheme-qualified hosts with an optional wildcard label and port. Nothing else may reach the
// header: a ';' or a quote would add directives of its own.
const SOURCE =
	/^(?:'self'|https?:\/\/(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?)$/i;

/** What is wrong with a configured frame-ancestors list, or null. */
export function frameAncestorsProblem(value: string): string | null {
	const sources = value.trim().split(/\s+/);
	if (sources.length === 1 && sources[0] === "'none'") return null;
	const wrong = sources.find((source) => !SOURCE.test(source));
	if (wrong !== undefined) {
		return `must be 'none', or space-separated 'self' and https:// origins (https://raxx.app, https://*.raxx.app); '${wrong}' is neither`;
	}
	return null;
}

/**
 * The page's frame-ancestors sources. A bad value is a deployment mistake, refused loudly (`npm run
 * check` refuses it first), never put in a header.
 */
export function frameAncestors(configured: string | undefined): string {
	const value = configuredOr(configured, DEFAULT_FRAME_ANCESTORS).split(/\s+/).join(" ");
	const problem = frameAncestorsProblem(value);
	if (problem !== null) throw new RangeError(`STATUS_PAGE_FRAME_ANCESTORS ${problem}`);
	return value;
}
