import { describe, expect, it } from "vitest";
import {
	COMPONENT_STATUS,
	componentStatusOf,
	IMPACT_OF_SEVERITY,
	type Impact,
	maintenancePhaseOf,
} from "../../src/domain/atlassian-v2-words";
import { overallStatus } from "../../src/domain/overall-status";
import { MAINTENANCE_STATUSES, SURFACE_STATES, type SurfaceState } from "../../src/domain/vocabulary";

// The Statuspage indicator blend (the table in docs/api.md), over every page of up to four
// components: the rules a reader relies on, whatever the states.

const WORST_FIRST: SurfaceState[] = ["DOWN", "PARTIAL", "DEGRADED", "MAINTENANCE", "OPERATIONAL"];
const IMPACT_RANK: Record<Impact, number> = { none: 0, maintenance: 1, minor: 2, major: 3, critical: 4 };
/** How the project's own Statuspage reader reads an indicator (src/integrations/partners/statuspage.ts). */
const READS: Record<Impact, SurfaceState> = {
	none: "OPERATIONAL",
	maintenance: "MAINTENANCE",
	minor: "DEGRADED",
	major: "PARTIAL",
	critical: "DOWN",
};

function* pages(size: number): Generator<SurfaceState[]> {
	if (size === 0) {
		yield [];
		return;
	}
	for (const rest of pages(size - 1)) for (const state of SURFACE_STATES) yield [state, ...rest];
}
/** The page's Statuspage `status`, as status.json answers it. */
function pageIndicator(states: readonly SurfaceState[]): { indicator: Impact; description: string } {
	const { indicator, description } = overallStatus(states);
	return { indicator, description };
}

const everyPage = [1, 2, 3, 4].flatMap((size) => [...pages(size)]);

describe("the page indicator", () => {
	it("one component: Statuspage's published mapping", () => {
		expect(Object.fromEntries(SURFACE_STATES.map((state) => [state, pageIndicator([state])]))).toEqual({
			OPERATIONAL: { indicator: "none", description: "All Systems Operational" },
			DEGRADED: { indicator: "minor", description: "Degraded System Service" },
			PARTIAL: { indicator: "major", description: "Partial System Outage" },
			DOWN: { indicator: "critical", description: "Major System Outage" },
			MAINTENANCE: { indicator: "maintenance", description: "Service Under Maintenance" },
			UNKNOWN: { indicator: "none", description: "Status Unknown" },
		});
	});

	it("is all clear only when every known component is operational, and UNKNOWN ones change nothing", () => {
		for (const page of everyPage) {
			const known = page.filter((state) => state !== "UNKNOWN");
			expect(pageIndicator(page).indicator === "none", page.join()).toBe(known.every((s) => s === "OPERATIONAL"));
			expect(pageIndicator(page), page.join()).toEqual(pageIndicator(known));
		}
	});

	it("never reads better after any component gets worse", () => {
		for (const page of everyPage) {
			for (const [index, state] of page.entries()) {
				if (state === "UNKNOWN") continue;
				for (const worse of WORST_FIRST.slice(0, WORST_FIRST.indexOf(state))) {
					const worsened = page.with(index, worse);
					expect(IMPACT_RANK[pageIndicator(worsened).indicator], `${page} -> ${worsened}`).toBeGreaterThanOrEqual(
						IMPACT_RANK[pageIndicator(page).indicator],
					);
				}
			}
		}
	});

	it("names the state exactly when every known component agrees, and the worst when it is at most degraded", () => {
		for (const page of everyPage) {
			const known: SurfaceState[] = page.filter((state) => state !== "UNKNOWN");
			const worst = WORST_FIRST.find((state) => known.includes(state)) ?? "OPERATIONAL";
			const read = READS[pageIndicator(page).indicator];
			if (known.every((state) => state === known[0])) expect(read, page.join()).toBe(worst);
			if (["OPERATIONAL", "MAINTENANCE", "DEGRADED"].includes(worst)) expect(read, page.join()).toBe(worst);
			// Otherwise Statuspage's blend reads one step lower (any DOWN: major; any PARTIAL: minor).
			if (worst === "DOWN" && !known.every((state) => state === "DOWN")) expect(read).toBe("PARTIAL");
			if (worst === "PARTIAL" && !known.every((state) => state === "PARTIAL")) expect(read).toBe("DEGRADED");
		}
	});

	it("uses Statuspage's component words", () => {
		expect(Object.values(COMPONENT_STATUS).sort()).toEqual([
			"degraded_performance",
			"major_outage",
			"operational",
			"partial_outage",
			"under_maintenance",
		]);
	});
});

describe("Statuspage's words for states, severities and windows", () => {
	it("component status of each state (UNKNOWN has none), impact of each severity, window phases", () => {
		expect(SURFACE_STATES.map((state) => componentStatusOf(state))).toEqual([
			"operational",
			"degraded_performance",
			"partial_outage",
			"major_outage",
			"under_maintenance",
			null,
		]);
		expect(IMPACT_OF_SEVERITY).toEqual({
			degraded: "minor",
			partial: "minor",
			down: "major",
			maintenance: "maintenance",
		});
		expect(MAINTENANCE_STATUSES.map((status) => maintenancePhaseOf(status))).toEqual([
			"scheduled",
			"in_progress",
			"completed",
			null,
		]);
	});

	it("describes each row of the blend in Statuspage's words", () => {
		const rows: [SurfaceState[], string, string][] = [
			[["DOWN", "DOWN"], "critical", "Major System Outage"],
			[["DOWN", "OPERATIONAL"], "major", "Partial System Outage"],
			[["PARTIAL", "PARTIAL"], "major", "Partial System Outage"],
			[["PARTIAL", "OPERATIONAL"], "minor", "Minor Service Outage"],
			[["DEGRADED", "DEGRADED"], "minor", "Degraded System Service"],
			[["DEGRADED", "OPERATIONAL"], "minor", "Partially Degraded Service"],
			[["MAINTENANCE", "OPERATIONAL"], "maintenance", "Service Under Maintenance"],
			[["OPERATIONAL"], "none", "All Systems Operational"],
		];
		for (const [states, indicator, description] of rows) {
			expect(pageIndicator(states), states.join()).toEqual({ indicator, description });
		}
	});
});
