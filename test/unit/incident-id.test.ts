import { describe, expect, it } from "vitest";
import { incidentIdOf, publicIncidentId, publicUpdateId } from "../../src/domain/incident-id";

describe("public incident ids", () => {
	it("incidents and their updates", () => {
		expect(publicIncidentId(42)).toBe("inc_00042");
		expect(publicIncidentId(1234567)).toBe("inc_1234567");
		expect(incidentIdOf("inc_00042")).toBe(42);
		expect(incidentIdOf("inc_1234567")).toBe(1234567);
		for (const bad of [
			"inc_0042",
			"inc_042",
			"inc_000042",
			"inc_42",
			"42",
			"inc_00042x",
			"xinc_00042",
			"inc_9999999999999999",
		]) {
			expect(incidentIdOf(bad), bad).toBeNull();
		}
		expect(publicUpdateId(42, "2026-11-26T18:00:00.000Z")).toBe("upd_00042_20261126T180000000Z");
	});
});
