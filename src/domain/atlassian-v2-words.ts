import type { IncidentSeverity, MaintenanceStatus, SurfaceState } from "./vocabulary.ts";

// How this page reads in Atlassian Statuspage's public API (v2): the same facts in its words.

export type ComponentStatus =
	| "operational"
	| "degraded_performance"
	| "partial_outage"
	| "major_outage"
	| "under_maintenance";

/** A surface's state as a component status. UNKNOWN has none: such surfaces are left out. */
export const COMPONENT_STATUS: Readonly<Record<Exclude<SurfaceState, "UNKNOWN">, ComponentStatus>> = {
	OPERATIONAL: "operational",
	DEGRADED: "degraded_performance",
	PARTIAL: "partial_outage",
	DOWN: "major_outage",
	MAINTENANCE: "under_maintenance",
};

export const componentStatusOf = (state: SurfaceState): ComponentStatus | null =>
	state === "UNKNOWN" ? null : COMPONENT_STATUS[state];

/** The page's indicator, and (but for none and critical) an incident's impact. */
export type Impact = "none" | "minor" | "major" | "critical" | "maintenance";

/** An incident's impact from its severity. */
export const IMPACT_OF_SEVERITY: Readonly<Record<IncidentSeverity, Exclude<Impact, "none" | "critical">>> = {
	degraded: "minor",
	partial: "minor",
	down: "major",
	maintenance: "maintenance",
};

export interface PageIndicator {
	indicator: Impact;
	description: string;
}

const indicator = (value: Impact, description: string): PageIndicator => ({ indicator: value, description });

/**
 * The page's top-level status from its components' states (UNKNOWN ones left out), in
 * Statuspage's words. For one component this is Statuspage's published mapping; for many it
 * publishes only a "best effort blend", and this one never reads better than the worst component
 * and, when every component agrees, names their state exactly (the table is in docs/api.md).
 * First match wins:
 *
 * | components (known states)      | indicator   | description                |
 * | every one DOWN                 | critical    | Major System Outage        |
 * | any DOWN                       | major       | Partial System Outage      |
 * | every one PARTIAL              | major       | Partial System Outage      |
 * | any PARTIAL                    | minor       | Minor Service Outage       |
 * | every one DEGRADED             | minor       | Degraded System Service    |
 * | any DEGRADED                   | minor       | Partially Degraded Service |
 * | any MAINTENANCE                | maintenance | Service Under Maintenance  |
 * | otherwise (all OPERATIONAL, or none known) | none | All Systems Operational |
 */
export function pageIndicator(states: Iterable<SurfaceState>): PageIndicator {
	const known: SurfaceState[] = [...states].filter((state) => state !== "UNKNOWN");
	const any = (state: SurfaceState) => known.includes(state);
	const every = (state: SurfaceState) => known.length > 0 && known.every((each) => each === state);
	if (every("DOWN")) return indicator("critical", "Major System Outage");
	if (any("DOWN")) return indicator("major", "Partial System Outage");
	if (every("PARTIAL")) return indicator("major", "Partial System Outage");
	if (any("PARTIAL")) return indicator("minor", "Minor Service Outage");
	if (every("DEGRADED")) return indicator("minor", "Degraded System Service");
	if (any("DEGRADED")) return indicator("minor", "Partially Degraded Service");
	if (any("MAINTENANCE")) return indicator("maintenance", "Service Under Maintenance");
	return indicator("none", "All Systems Operational");
}

export type MaintenancePhase = "scheduled" | "in_progress" | "completed";

/** A maintenance window's status in Statuspage's words; cancelled windows are not shown there. */
export const maintenancePhaseOf = (status: MaintenanceStatus): MaintenancePhase | null =>
	status === "cancelled" ? null : status;
