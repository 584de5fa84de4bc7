// Why a partner poll or a probe got no usable answer, in words an operator can act on. workerd
// hides most network failures behind "internal error; reference = <id>" (the cause is only in its
// own log), so the reasons are read from what a Worker can see: the error's name and message, the
// URL, and the status codes Cloudflare answers with when it could not reach an origin.

const CLOUDFLARE_ORIGIN_ERRORS: Readonly<Record<number, string>> = {
	520: "the origin answered something Cloudflare could not read",
	521: "connection refused by the origin",
	522: "connection to the origin timed out",
	523: "origin unreachable",
	524: "the origin took too long to answer",
	525: "TLS handshake with the origin failed",
	526: "the origin's TLS certificate is invalid",
	530: "the origin could not be resolved or reached",
};

/** `HTTP 525 (TLS handshake with the origin failed)`, or `HTTP 500` for a status that is no Cloudflare origin error. */
export function describeHttpStatus(status: number): string {
	const meaning = CLOUDFLARE_ORIGIN_ERRORS[status];
	return meaning === undefined ? `HTTP ${status}` : `HTTP ${status} (${meaning})`;
}

const isIpLiteral = (hostname: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith("[");

/** A failure that reached no answer, by what the runtime said of it; never carries a reference id. */
export function describeFetchFailure(error: unknown, url: string, timeoutMs: number): string {
	const name = error instanceof Error ? error.name : "";
	const message = error instanceof Error ? error.message : String(error);
	if (name === "TimeoutError" || name === "AbortError" || /timed? ?out/i.test(message)) {
		return `timed out after ${timeoutMs} ms`;
	}
	if (/lookup address|name or service not known|ENOTFOUND|dns/i.test(message)) return "DNS lookup failed";
	if (/certificate|handshake|\btls\b|\bssl\b/i.test(message)) return "TLS handshake failed";
	if (/refused|ECONNREFUSED/i.test(message)) return "connection refused";
	if (/network connection lost|ECONNRESET|socket hang up|disconnected/i.test(message)) {
		return "connection refused or closed before an answer";
	}
	if (/^Fetch API cannot load|invalid url|unsupported protocol/i.test(message)) return "not a URL the Worker can fetch";
	if (/internal error; reference =/i.test(message)) return unreachable(url);
	return "network error";
}

/**
 * What workerd's opaque failure can be for this URL: over plain HTTP no TLS is involved, and an
 * address needs no lookup.
 */
function unreachable(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return "network error";
	}
	const secure = parsed.protocol === "https:";
	if (isIpLiteral(parsed.hostname)) return secure ? "TLS handshake failed" : "network error";
	return secure ? "DNS lookup or TLS handshake failed" : "DNS lookup failed";
}
