import { describe, expect, it } from "vitest";
import { incidentStatusOf } from "../../src/domain/incident-status";

describe("incident status from a ticket", () => {
	it("status: the field's word, any case; closed resolves; open cannot be resolved yet", () => {
		expect(incidentStatusOf(null, true)).toBe("investigating");
		expect(incidentStatusOf(" Identified ", true)).toBe("identified");
		expect(incidentStatusOf("MONITORING", true)).toBe("monitoring");
		expect(incidentStatusOf("investigating", true)).toBe("investigating");
		expect(incidentStatusOf("resolved", true)).toBe("monitoring");
		expect(incidentStatusOf(null, false)).toBe("resolved");
		expect(incidentStatusOf("identified", false)).toBe("resolved");
		for (const word of ["fixed", "", "toString", "resolved!"]) {
			expect(incidentStatusOf(word, true), word).toBeUndefined();
			expect(incidentStatusOf(word, false), word).toBeUndefined();
		}
	});
});
