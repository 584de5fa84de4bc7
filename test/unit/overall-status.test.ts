import { describe, expect, it } from "vitest";
import { overallStatus } from "../../src/domain/overall-status";
import type { SurfaceState } from "../../src/domain/vocabulary";

describe("overall status", () => {
	it("the page's overall status and its words", () => {
		expect(overallStatus(["OPERATIONAL", "DOWN", "UNKNOWN"])).toEqual({ state: "DOWN", description: "Major outage" });
		expect(overallStatus(["PARTIAL"])).toEqual({ state: "PARTIAL", description: "Partial outage" });
		expect(overallStatus(["DEGRADED", "MAINTENANCE"])).toEqual({
			state: "DEGRADED",
			description: "Degraded performance",
		});
		expect(overallStatus(["MAINTENANCE", "OPERATIONAL"])).toEqual({
			state: "MAINTENANCE",
			description: "Scheduled maintenance in progress",
		});
		expect(overallStatus(["OPERATIONAL"])).toEqual({ state: "OPERATIONAL", description: "All systems operational" });
		expect(overallStatus(["UNKNOWN"])).toEqual({ state: "UNKNOWN", description: "Status unknown" });
		// The first of many can be the worst.
		expect(overallStatus(["DOWN", ...Array<SurfaceState>(23).fill("OPERATIONAL")]).state).toBe("DOWN");
	});
});
