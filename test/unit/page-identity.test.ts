import { describe, expect, it } from "vitest";
import { configuredPageIdentity, pageIdentity, statusTitle } from "../../src/domain/page-identity";

describe("pageIdentity", () => {
	it("takes the configured id and name, defaults when blank, and refuses what could not be shown", () => {
		expect(pageIdentity({ id: "status-1", name: "Raxx status" })).toEqual({ id: "status-1", name: "Raxx status" });
		expect(pageIdentity({ id: " ", name: undefined })).toEqual({ id: "raxx-app", name: "raxx.app" });
		expect(() => pageIdentity({ id: "Raxx" })).toThrow(/STATUS_PAGE_ID/);
		expect(() => pageIdentity({ id: "a/b" })).toThrow(/STATUS_PAGE_ID/);
		expect(() => pageIdentity({ name: "raxx\u202Eapp" })).toThrow(/STATUS_PAGE_NAME must not contain/);
		expect(() => pageIdentity({ name: "x".repeat(81) })).toThrow(/STATUS_PAGE_NAME must be at most 80/);
		expect(() => pageIdentity({ id: "-raxx" })).toThrow(
			"STATUS_PAGE_ID must be 1-64 lowercase letters, digits or hyphens, starting with a letter or digit",
		);
	});
});

describe("configuredPageIdentity", () => {
	it("reads the deployment's STATUS_PAGE_ID and STATUS_PAGE_NAME", () => {
		expect(configuredPageIdentity({ STATUS_PAGE_ID: "status-1", STATUS_PAGE_NAME: "Raxx" })).toEqual({
			id: "status-1",
			name: "Raxx",
		});
		expect(configuredPageIdentity({})).toEqual({ id: "raxx-app", name: "raxx.app" });
	});
});

describe("statusTitle", () => {
	it("is what the page calls itself in titles, headings and feeds", () => {
		expect(statusTitle("raxx.app")).toBe("raxx.app status");
	});
});
