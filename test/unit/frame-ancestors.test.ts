import { describe, expect, it } from "vitest";
import { frameAncestors, frameAncestorsProblem } from "../../src/domain/frame-ancestors";

describe("frame ancestors (STATUS_PAGE_FRAME_ANCESTORS)", () => {
	it("defaults to nobody, and takes 'self' and http(s) origins with a wildcard label or a port", () => {
		expect(frameAncestors(undefined)).toBe("'none'");
		expect(frameAncestors("  ")).toBe("'none'");
		expect(frameAncestors("https://raxx.app  https://*.raxx.app\t'self' http://localhost:8080")).toBe(
			"https://raxx.app https://*.raxx.app 'self' http://localhost:8080",
		);
		// Labels of one character and of many, first and later.
		expect(frameAncestorsProblem("https://x.io https://status.raxx.example https://a.b.c")).toBeNull();
		// What the configured value may look like before it is trimmed (npm run check reads it raw).
		expect(frameAncestorsProblem("  'self'   https://raxx.app\t")).toBeNull();
	});

	it("refuses anything that is not a plain source, so nothing can add a directive", () => {
		for (const value of [
			"https://raxx.app; script-src *",
			"*",
			"https:",
			"'none' https://raxx.app",
			"'unsafe-inline'",
			"javascript:alert(1)",
			"https://raxx.app/path",
			"https://ra xx.app,",
			"https://*.*.raxx.app",
			"'self",
			"data:",
			"x'self'",
			"javascript:https://raxx.app",
		]) {
			expect(frameAncestorsProblem(value), value).toMatch(
				/^must be 'none', or space-separated 'self' and https:\/\/ origins .* is neither$/,
			);
			expect(() => frameAncestors(value)).toThrow(/STATUS_PAGE_FRAME_ANCESTORS/);
		}
	});
});
