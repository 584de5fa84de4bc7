import { describe, expect, it } from "vitest";
import { describeFetchFailure, describeHttpStatus } from "../../src/lib/fetch-failure";

const named = (name: string, message: string) => Object.assign(new Error(message), { name });
const opaque = () => new Error("internal error; reference = 8df34nm9028jauda3e6hnjij");

describe("why a poll or probe got no answer, readably", () => {
	it("reads workerd's failures by their message", () => {
		const url = "https://status.example.com/api/v2/summary.json";
		expect(describeFetchFailure(named("TimeoutError", "The operation was aborted due to timeout"), url, 400)).toBe(
			"timed out after 400 ms",
		);
		expect(describeFetchFailure(named("AbortError", "The operation was aborted"), url, 5000)).toBe(
			"timed out after 5000 ms",
		);
		expect(describeFetchFailure(new Error("Network connection lost."), url, 400)).toBe(
			"connection refused or closed before an answer",
		);
		expect(
			describeFetchFailure(new Error("failed to lookup address information: Name or service not known"), url, 1),
		).toBe("DNS lookup failed");
		expect(describeFetchFailure(new Error("TLS handshake failed: received corrupt message"), url, 1)).toBe(
			"TLS handshake failed",
		);
		expect(describeFetchFailure(new Error("connect ECONNREFUSED 127.0.0.1:1"), url, 1)).toBe("connection refused");
		expect(describeFetchFailure(new TypeError("Fetch API cannot load: ftp://x/"), "ftp://x/", 1)).toBe(
			"not a URL the Worker can fetch",
		);
	});

	it("narrows workerd's opaque internal error by the URL, and never repeats its reference", () => {
		expect(describeFetchFailure(opaque(), "http://no-such-host.invalid/", 1)).toBe("DNS lookup failed");
		expect(describeFetchFailure(opaque(), "https://no-such-host.invalid/", 1)).toBe(
			"DNS lookup or TLS handshake failed",
		);
		expect(describeFetchFailure(opaque(), "https://127.0.0.1:8443/", 1)).toBe("TLS handshake failed");
		expect(describeFetchFailure(opaque(), "https://[::1]:8443/", 1)).toBe("TLS handshake failed");
		expect(describeFetchFailure(opaque(), "http://127.0.0.1:8443/", 1)).toBe("network error");
		expect(describeFetchFailure(opaque(), "not a url", 1)).toBe("network error");
		expect(describeFetchFailure("something else", "http://x/", 1)).toBe("network error");
	});

	it("names Cloudflare's origin errors beside their status", () => {
		expect(describeHttpStatus(500)).toBe("HTTP 500");
		expect(describeHttpStatus(404)).toBe("HTTP 404");
		expect(describeHttpStatus(521)).toBe("HTTP 521 (connection refused by the origin)");
		expect(describeHttpStatus(525)).toBe("HTTP 525 (TLS handshake with the origin failed)");
		expect(describeHttpStatus(530)).toBe("HTTP 530 (the origin could not be resolved or reached)");
	});
});
