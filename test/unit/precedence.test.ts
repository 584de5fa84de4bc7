import { describe, expect, it } from "vitest";
import {
	HOLDS,
	HOLDS_BLOCKING,
	HOLDS_BLOCKING_MAINTENANCE_END,
	MANUAL_HOLD_STATES,
	UPDATE_SURFACE_SOURCES,
} from "../../src/domain/precedence";

describe("writer precedence", () => {
	it("which holds stop a write from each source, in the order they are checked", () => {
		expect(HOLDS).toEqual(["manual_hold", "maintenance_window", "open_ticket"]);
		expect(HOLDS_BLOCKING).toEqual({
			manual: [],
			schedule: ["manual_hold", "open_ticket"],
			freescout: ["manual_hold"],
			"3p_poller": ["manual_hold", "maintenance_window", "open_ticket"],
			prober: ["manual_hold", "maintenance_window", "open_ticket"],
		});
		expect(HOLDS_BLOCKING_MAINTENANCE_END).toEqual(["manual_hold"]);
		expect(MANUAL_HOLD_STATES).toEqual(["DEGRADED", "PARTIAL", "DOWN"]);
		expect(UPDATE_SURFACE_SOURCES).toEqual(["manual", "schedule", "3p_poller", "prober"]);
	});
});
