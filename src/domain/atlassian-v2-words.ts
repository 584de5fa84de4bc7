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

/** The page's indicator (overall-status.ts), and (but for none and critical) an incident's impact. */
export type Impact = "none" | "minor" | "major" | "critical" | "maintenance";

/** An incident's impact from its severity. */
export const IMPACT_OF_SEVERITY: Readonly<Record<IncidentSeverity, Exclude<Impact, "none" | "critical">>> = {
	degraded: "minor",
	partial: "minor",
	down: "major",
	maintenance: "maintenance",
};

export type MaintenancePhase = "scheduled" | "in_progress" | "completed";

/** A maintenance window's status in Statuspage's words; cancelled windows are not shown there. */
export const maintenancePhaseOf = (status: MaintenanceStatus): MaintenancePhase | null =>
	status === "cancelled" ? null : status;
