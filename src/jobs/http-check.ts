export type Fetcher = (request: Request) => Promise<Response>;

export type HttpCheck =
	| { ok: true; status: number; body: string; elapsedMs: number }
	| { ok: false; status: number | null; reason: string; elapsedMs: number };

/** One GET with a deadline; the body is read within the same deadline. */
export async function httpCheck(url: string, timeoutMs: number, fetcher: Fetcher): Promise<HttpCheck> {
	const started = Date.now();
	const elapsed = () => Date.now() - started;
	try {
		const response = await fetcher(
			new Request(url, {
				headers: { Accept: "application/json", "User-Agent": "raxx-status-worker" },
				signal: AbortSignal.timeout(timeoutMs),
			}),
		);
		const body = await response.text();
		return { ok: true, status: response.status, body, elapsedMs: elapsed() };
	} catch (error) {
		const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
		const reason = timedOut ? `timed out after ${timeoutMs} ms` : `request failed: ${String(error)}`;
		return { ok: false, status: null, reason, elapsedMs: elapsed() };
	}
}
