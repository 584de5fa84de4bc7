import { boundedText } from "../lib/bounded-text";
import { describeFetchFailure } from "../lib/fetch-failure";

export type Fetcher = (request: Request) => Promise<Response>;

export type HttpCheck =
	| { ok: true; status: number; body: string; elapsedMs: number }
	| { ok: false; status: number | null; reason: string; elapsedMs: number };

/** A status summary is a few kilobytes; a page that sends more than this is not one. */
export const MAX_CHECK_BODY_BYTES = 1024 * 1024;

/**
 * One GET with a deadline; the body is read within the same deadline, and no further than
 * MAX_CHECK_BODY_BYTES. Redirects are not followed: a 3xx is what the check saw (a probe that is
 * sent to a login page is not up). Reasons are readable (fetch-failure.ts) and carry no URL.
 */
export async function httpCheck(url: string, timeoutMs: number, fetcher: Fetcher): Promise<HttpCheck> {
	const started = Date.now();
	const elapsed = () => Date.now() - started;
	try {
		const response = await fetcher(
			new Request(url, {
				headers: { Accept: "application/json", "User-Agent": "raxx-status-worker" },
				redirect: "manual",
				signal: AbortSignal.timeout(timeoutMs),
			}),
		);
		const body = await boundedText(response, MAX_CHECK_BODY_BYTES);
		if (body === null) {
			return {
				ok: false,
				status: response.status,
				reason: `body larger than ${MAX_CHECK_BODY_BYTES} bytes`,
				elapsedMs: elapsed(),
			};
		}
		return { ok: true, status: response.status, body, elapsedMs: elapsed() };
	} catch (error) {
		return { ok: false, status: null, reason: describeFetchFailure(error, url, timeoutMs), elapsedMs: elapsed() };
	}
}
