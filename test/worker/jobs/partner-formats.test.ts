import { describe, expect, it } from "vitest";
import { PartnerFormatError, readPartnerStatus } from "../../../src/integrations/partners";
import heroku from "../../fixtures/partners/heroku-status-v4-current-status.cli-test-shape.json";
import instatus from "../../fixtures/partners/instatus-summary-docs-example.json";
import statusio from "../../fixtures/partners/statusio-public-status-kb-example.json";
import cloudsmith from "../../fixtures/partners/statuspage-status-cloudsmith-maintenance-2022-01-08.json";
import github from "../../fixtures/partners/statuspage-summary-github-2019-05-10.json";
import huobi from "../../fixtures/partners/statuspage-summary-huobi-incident-and-maintenance-2020-02-11.json";

const clone = <T>(value: T): T => structuredClone(value);

describe("Atlassian Statuspage v2", () => {
	it("GitHub, all operational: OPERATIONAL, by page and by a tracked component", () => {
		expect(readPartnerStatus("statuspage", github, [])).toEqual({ state: "OPERATIONAL", missingComponents: [] });
		expect(readPartnerStatus("statuspage", github, ["8l4ygp009s5s"]).state).toBe("OPERATIONAL");
	});

	it("the page indicator is not the worst component: components decide, raised by open incidents", () => {
		const page = clone(github);
		page.status.indicator = "minor";
		const api = page.components.find((component) => component.id === "brv1bkgrwx7q");
		if (!api) throw new Error("fixture changed");
		api.status = "major_outage";
		expect(readPartnerStatus("statuspage", page, []).state).toBe("DOWN");
		expect(readPartnerStatus("statuspage", page, ["brv1bkgrwx7q"]).state).toBe("DOWN");
		expect(readPartnerStatus("statuspage", page, ["8l4ygp009s5s"]).state).toBe("OPERATIONAL");
	});

	it("Huobi: a minor incident raises an operational page to DEGRADED; scheduled maintenance does not count", () => {
		expect(readPartnerStatus("statuspage", huobi, []).state).toBe("DEGRADED");
		// The incident touches another component than the tracked one.
		expect(readPartnerStatus("statuspage", huobi, ["h028tnzw1n5l"]).state).toBe("OPERATIONAL");
	});

	it("an open incident on a tracked component raises it before the component's status moves", () => {
		const page = clone(huobi) as { components: { id: string; status: string }[] } & Record<string, unknown>;
		page.components.push({ id: "nctwm9tghxh6", status: "operational" });
		expect(readPartnerStatus("statuspage", page, ["nctwm9tghxh6"]).state).toBe("DEGRADED");
	});

	it("a tracked component missing from the page falls back to the page, and says which", () => {
		expect(readPartnerStatus("statuspage", huobi, ["h028tnzw1n5l", "renamed-id"])).toEqual({
			state: "DEGRADED",
			missingComponents: ["renamed-id"],
		});
	});

	it("group containers do not count: their children do", () => {
		const page = clone(github) as { components: Record<string, unknown>[] } & Record<string, unknown>;
		page.components.push({ id: "group1", name: "Group", status: "major_outage", group: true });
		expect(readPartnerStatus("statuspage", page, []).state).toBe("OPERATIONAL");
		expect(readPartnerStatus("statuspage", page, ["group1"]).missingComponents).toEqual(["group1"]);
	});

	it("status.json with the undocumented `maintenance` indicator (Cloudsmith): MAINTENANCE", () => {
		expect(readPartnerStatus("statuspage", cloudsmith, []).state).toBe("MAINTENANCE");
	});

	it("null arrays (incidents, components of an incident) are no incidents", () => {
		const page = clone(huobi) as Record<string, unknown> & { incidents: Record<string, unknown>[] };
		const incident = page.incidents[0];
		if (!incident) throw new Error("fixture changed");
		incident.components = null;
		expect(readPartnerStatus("statuspage", page, ["h028tnzw1n5l"]).state).toBe("OPERATIONAL");
		expect(readPartnerStatus("statuspage", { ...page, incidents: null }, []).state).toBe("OPERATIONAL");
	});
});

describe("the other formats", () => {
	it("Instatus: an active major outage is DOWN; maintenance not yet started does not count", () => {
		expect(readPartnerStatus("instatus", instatus, []).state).toBe("DOWN");
		expect(
			readPartnerStatus("instatus", { page: { status: "UP" }, activeIncidents: [], activeMaintenances: [] }, []).state,
		).toBe("OPERATIONAL");
		expect(
			readPartnerStatus("instatus", { page: { status: "UP" }, activeMaintenances: [{ status: "INPROGRESS" }] }, [])
				.state,
		).toBe("MAINTENANCE");
	});

	it("status.io: the overall code, or a tracked component or container", () => {
		expect(readPartnerStatus("statusio", statusio, []).state).toBe("OPERATIONAL");
		const page = clone(statusio);
		page.result.status_overall.status_code = 500;
		const container = page.result.status[0]?.containers[1];
		if (!container) throw new Error("fixture changed");
		container.status_code = 400;
		expect(readPartnerStatus("statusio", page, []).state).toBe("DOWN");
		expect(readPartnerStatus("statusio", page, ["56a807c7b62d59d808000013"]).state).toBe("PARTIAL");
		expect(readPartnerStatus("statusio", page, ["56a807c7b62d59d808000012"]).state).toBe("OPERATIONAL");
	});

	it("Heroku v4: red is DOWN, by page or by tracked system", () => {
		expect(readPartnerStatus("heroku", heroku, []).state).toBe("DOWN");
		expect(readPartnerStatus("heroku", heroku, ["Data"]).state).toBe("OPERATIONAL");
		expect(readPartnerStatus("heroku", heroku, ["Apps", "Data"]).state).toBe("DOWN");
	});

	it("a body of the wrong shape is a format error (a failed poll), for every format", () => {
		for (const format of ["statuspage", "instatus", "statusio", "heroku"] as const) {
			expect(() => readPartnerStatus(format, { hello: "world" }, [])).toThrow(PartnerFormatError);
			expect(() => readPartnerStatus(format, [1, 2], [])).toThrow(PartnerFormatError);
		}
	});
});
