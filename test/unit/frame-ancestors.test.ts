import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frameAncestors, frameAncestorsProblem, MAX_PORT, SHARED_SUFFIXES } from "../../src/domain/frame-ancestors";

const RULE = /^must be 'none', or space-separated 'self' and https:\/\/ origins \(.*\); /;

const refusedAs = (value: string, reason: RegExp) => {
	const problem = frameAncestorsProblem(value);
	expect(problem, value).toMatch(RULE);
	expect(problem, value).toMatch(reason);
	expect(frameAncestors(value), value).toEqual({
		sources: "'none'",
		refused: `STATUS_PAGE_FRAME_ANCESTORS ${problem}`,
	});
};

describe("frame ancestors (STATUS_PAGE_FRAME_ANCESTORS)", () => {
	it("defaults to nobody, and takes 'self' and https origins with a wildcard label or a port", () => {
		expect(frameAncestors(undefined)).toEqual({ sources: "'none'", refused: null });
		expect(frameAncestors("  ")).toEqual({ sources: "'none'", refused: null });
		expect(frameAncestors("https://raxx.app  https://*.raxx.app\t'self' https://localhost:8443").sources).toBe(
			"https://raxx.app https://*.raxx.app 'self' https://localhost:8443",
		);
		// Labels of one character and of many, first and later.
		expect(frameAncestorsProblem("https://x.io https://status.raxx.example https://a.b.c")).toBeNull();
		// What the configured value may look like before it is trimmed (npm run check reads it raw).
		expect(frameAncestorsProblem("  'self'   https://raxx.app\t")).toBeNull();
		// A wildcard under a domain of one's own, also under a shared suffix or a workers.dev account.
		expect(
			frameAncestorsProblem("https://*.raxx.co.uk https://*.raxx.workers.dev https://*.raxx.github.io"),
		).toBeNull();
		expect(frameAncestorsProblem(`https://raxx.app:1 https://raxx.app:${MAX_PORT}`)).toBeNull();
	});

	it("refuses anything that is not a plain source, so nothing can add a directive", () => {
		for (const value of [
			"https://raxx.app; script-src *",
			"*",
			"https:",
			"'none' https://raxx.app",
			"'unsafe-inline'",
			"javascript:alert(1)",
			"https://ra xx.app,",
			"https://*.*.raxx.app",
			"'self",
			"data:",
			"x'self'",
			"javascript:https://raxx.app",
			"https://raxx.app,https://evil.example",
			"https://-raxx.app",
			"https://raxx.app.",
			`https://${"a".repeat(64)}.app`,
			"https://rä.app",
		]) {
			expect(frameAncestorsProblem(value), value).toMatch(RULE);
			expect(frameAncestors(value).sources, value).toBe("'none'");
		}
	});

	it("refuses http and every other scheme: only an https origin", () => {
		for (const value of [
			"http://raxx.app",
			"http://localhost:8080",
			"HTTP://raxx.app",
			"ws://raxx.app",
			"ftp://raxx.app",
		]) {
			refusedAs(value, /is not https/);
		}
		expect(frameAncestorsProblem("HTTPS://raxx.app")).toBeNull();
	});

	it("refuses a wildcard directly on a public suffix, single-label or shared", () => {
		for (const suffix of ["com", "app", "dev", "io", ...SHARED_SUFFIXES]) {
			refusedAs(`https://*.${suffix}`, /puts a wildcard directly on a public suffix/);
			refusedAs(`https://*.${suffix.toUpperCase()}`, /puts a wildcard directly on a public suffix/);
		}
		for (const named of ["*.com", "*.co.uk", "*.workers.dev", "*.pages.dev", "*.github.io"]) {
			refusedAs(`'self' https://${named}`, /puts a wildcard directly on a public suffix/);
		}
	});

	it("refuses a port outside 1-65535 or written with leading zeros", () => {
		for (const port of ["0", "65536", "99999", "123456", "08443", "", "-1", "x"]) {
			refusedAs(`https://raxx.app:${port}`, /a port is 1-65535/);
		}
	});

	it("refuses a path, a query, a fragment or user information: an origin is scheme, host and port", () => {
		for (const value of [
			"https://raxx.app/",
			"https://raxx.app/path",
			"https://raxx.app?x=1",
			"https://raxx.app#top",
		]) {
			refusedAs(value, /has a path, query or fragment/);
		}
		for (const value of ["https://user@raxx.app", "https://user:secret@raxx.app", "https://evil.example@raxx.app"]) {
			refusedAs(value, /carries user information/);
		}
	});
});

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join("."));
const port = fc.option(fc.integer({ min: 1, max: MAX_PORT }), { nil: undefined });
const origin = fc
	.record({ wildcard: fc.boolean(), host: domain, port })
	.filter(({ wildcard, host }) => !wildcard || !SHARED_SUFFIXES.has(host))
	.map(({ wildcard, host, port }) => `https://${wildcard ? "*." : ""}${host}${port === undefined ? "" : `:${port}`}`);
const sources = fc.array(fc.oneof(origin, fc.constant("'self'")), { minLength: 1, maxLength: 5 });

describe("frame ancestors, as properties", () => {
	it("takes every list of 'self' and https origins as written, and puts exactly it in the header", () => {
		fc.assert(
			fc.property(sources, fc.constantFrom(" ", "  ", "\t"), (list, gap) => {
				expect(frameAncestors(` ${list.join(gap)} `)).toEqual({ sources: list.join(" "), refused: null });
			}),
		);
	});

	it("refuses a list as soon as one source breaks the rule, and fails closed to 'none'", () => {
		const broken = fc.oneof(
			origin.map((value) => value.replace("https://", "http://")),
			domain.map((host) => `https://*.${host.slice(host.lastIndexOf(".") + 1)}`),
			fc.constantFrom(...SHARED_SUFFIXES).map((suffix) => `https://*.${suffix}`),
			fc
				.tuple(origin, fc.integer({ min: MAX_PORT + 1, max: 9_999_999 }))
				.map(([value, p]) => `${value.replace(/:\d+$/, "")}:${p}`),
			fc
				.tuple(origin, fc.constantFrom("/", "/x", "?q", "#f", "/;script-src", ";"))
				.map(([value, tail]) => value + tail),
			origin.map((value) => value.replace("https://", "https://user@")),
		);
		fc.assert(
			fc.property(sources, broken, fc.nat(), (list, bad, at) => {
				const value = list.toSpliced(at % (list.length + 1), 0, bad).join(" ");
				expect(frameAncestors(value).sources).toBe("'none'");
				expect(frameAncestors(value).refused).toContain(`'${bad}'`);
			}),
		);
	});

	it("never lets anything but 'none', 'self' and https origins reach the header, whatever the value", () => {
		const anything = fc.oneof(
			fc.string(),
			fc.string({ unit: "binary" }),
			fc
				.tuple(
					fc.array(fc.oneof(origin, fc.constantFrom("'self'", "'none'", "*", ";", "'unsafe-inline'", "data:")), {
						maxLength: 4,
					}),
					fc.constantFrom(" ", ";", ",", "; "),
				)
				.map(([parts, separator]) => parts.join(separator)),
		);
		const allowed =
			/^(?:'none'|(?:'self'|https:\/\/(?:\*\.)?[a-z0-9.-]+(?::\d{1,5})?)(?: (?:'self'|https:\/\/(?:\*\.)?[a-z0-9.-]+(?::\d{1,5})?))*)$/i;
		fc.assert(
			fc.property(anything, (value) => {
				expect(frameAncestors(value).sources).toMatch(allowed);
			}),
		);
	});
});
