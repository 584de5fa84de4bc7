/** The words of the status domain, shared by the schema, the HTTP contract and the rules. */

export const SURFACE_STATES = ["OPERATIONAL", "DEGRADED", "PARTIAL", "DOWN", "MAINTENANCE", "UNKNOWN"] as const;
export type SurfaceState = (typeof SURFACE_STATES)[number];

export const STATE_SOURCES = ["manual", "schedule", "freescout", "3p_poller", "prober"] as const;
export type StateSource = (typeof STATE_SOURCES)[number];

/** The automated writers: they observe, and change a state only when no hold stands in the way. */
export const AUTOMATED_SOURCES = ["3p_poller", "prober"] as const satisfies readonly StateSource[];
export type AutomatedSource = (typeof AUTOMATED_SOURCES)[number];

export const INCIDENT_SEVERITIES = ["degraded", "partial", "down", "maintenance"] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** Where an incident stands, in Statuspage's words: each update of its timeline has one. */
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Where a scheduled maintenance window stands. */
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "completed", "cancelled"] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

export const PUBLIC_NOTE_MAX_LENGTH = 280;
export const MAINTENANCE_TITLE_MAX_LENGTH = 120;
/** An incident's public title from the helpdesk: a headline, as long as a maintenance window's. */
export const INCIDENT_TITLE_MAX_LENGTH = 120;

/** The surface state an open incident of each severity puts its surface in. */
export const STATE_OF_SEVERITY: Record<IncidentSeverity, SurfaceState> = {
	degraded: "DEGRADED",
	partial: "PARTIAL",
	down: "DOWN",
	maintenance: "MAINTENANCE",
};
