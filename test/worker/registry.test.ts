import { describe, expect, it } from "vitest";
import { findSurface, SURFACES } from "../../src/surfaces/registry";

describe("the surface registry", () => {
	it("has the runbook deployment's 24 surfaces with unique, slug-shaped ids", () => {
		expect(SURFACES).toHaveLength(24);
		const ids = SURFACES.map((surface) => surface.id);
		expect(new Set(ids).size).toBe(24);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
		expect(findSurface("app-raxx-app")?.kind).toBe("first-party");
		expect(findSurface("cloudflare")?.kind).toBe("partner");
	});

	it("has four polled partners, each with a format and an https status URL", () => {
		const partners = SURFACES.filter((surface) => surface.kind === "partner");
		expect(partners).toHaveLength(4);
		for (const partner of partners) {
			expect(["statuspage", "instatus", "statusio", "heroku"]).toContain(partner.poll.format);
			expect(new URL(partner.poll.url).protocol).toBe("https:");
		}
	});

	it("gives every surface a display name and a group", () => {
		for (const surface of SURFACES) {
			expect(surface.name.length).toBeGreaterThan(0);
			expect(surface.group.length).toBeGreaterThan(0);
		}
	});
});
