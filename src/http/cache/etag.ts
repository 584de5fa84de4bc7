import { type CacheEnv, configurationTag } from "../../public-cache/settings";

/** A strong ETag naming what an answer was built from: its kind, its key, the data version. */
export const strongEtag = (...parts: readonly (string | number)[]): string => `"${parts.join("-")}"`;

/**
 * The strong ETag of an answer built from the data and the deployment's answer settings (the page,
 * the feeds, the Statuspage JSON, the uptime history): the parts, then the configuration's tag, so
 * that a deployment that changes only the settings sends a new answer, not a 304.
 */
export const configuredEtag = (env: CacheEnv, ...parts: readonly (string | number)[]): string =>
	strongEtag(...parts, configurationTag(env));

/** Whether an If-None-Match header names this ETag (or `*`); weak forms compare by their tag. */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string | null): boolean {
	if (!ifNoneMatch || !etag) return false;
	return ifNoneMatch
		.split(",")
		.map((tag) => tag.trim().replace(/^W\//, ""))
		.some((tag) => tag === "*" || tag === etag);
}

/**
 * 304 when the answer is a 2xx and the request's If-None-Match names its ETag, else the answer
 * itself: a precondition never hides an error status (the health answer's 503 is its payload). A
 * 304 keeps the answer's ETag, Cache-Control and Content-Security-Policy.
 */
export async function notModifiedOr(request: Request, answer: Response): Promise<Response> {
	const etag = answer.headers.get("ETag");
	if (!answer.ok || !etagMatches(request.headers.get("If-None-Match"), etag)) return answer;
	await answer.body?.cancel();
	const headers: Record<string, string> = {
		ETag: etag ?? "",
		"Cache-Control": answer.headers.get("Cache-Control") ?? "no-cache",
	};
	const policy = answer.headers.get("Content-Security-Policy");
	if (policy !== null) headers["Content-Security-Policy"] = policy;
	return new Response(null, { status: 304, headers });
}
