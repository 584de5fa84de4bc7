import { describe, expect, it } from "vitest";
import { worstState } from "../../src/domain/severity";
import type { SurfaceState } from "../../src/domain/vocabulary";

describe("severity order", () => {
	it("worst first: DOWN > PARTIAL > DEGRADED > MAINTENANCE > OPERATIONAL; UNKNOWN counts for nothing", () => {
		const order: SurfaceState[] = ["OPERATIONAL", "MAINTENANCE", "DEGRADED", "PARTIAL", "DOWN"];
		for (const [index, better] of order.entries()) {
			for (const worse of order.slice(index)) {
				expect(worstState([better, worse]), `${better} ${worse}`).toBe(worse);
				expect(worstState([worse, better]), `${worse} ${better}`).toBe(worse);
				expect(worstState(["UNKNOWN", worse, "UNKNOWN", better]), `${worse} ${better}`).toBe(worse);
			}
		}
		expect(worstState([])).toBe("UNKNOWN");
		expect(worstState(["UNKNOWN", "UNKNOWN"])).toBe("UNKNOWN");
		expect(worstState(new Set<SurfaceState>(["DEGRADED"]))).toBe("DEGRADED");
	});
});
