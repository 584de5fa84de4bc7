import { describe, expect, it } from "vitest";
import { parseIncidentSeverity } from "../../src/domain/incident-severity";

describe("incident severity from a ticket", () => {
	it("reads what agents pick or type, Statuspage's words too; absent is degraded", () => {
		for (const [text, severity] of [
			[null, "degraded"],
			["degraded", "degraded"],
			["Degraded Performance", "degraded"],
			["degraded_performance", "degraded"],
			["minor", "degraded"],
			["partial", "partial"],
			["Partial-Outage", "partial"],
			["  partial   outage ", "partial"],
			["down", "down"],
			["outage", "down"],
			["Major outage", "down"],
			["MAJOR", "down"],
			["maintenance", "maintenance"],
			["Under maintenance", "maintenance"],
			["scheduled__maintenance", "maintenance"],
		] as const) {
			expect(parseIncidentSeverity(text), String(text)).toBe(severity);
		}
		for (const text of ["", "broken", "toString", "__proto__", "constructor", "degradedperformance"]) {
			expect(parseIncidentSeverity(text), text).toBeUndefined();
		}
	});
});
