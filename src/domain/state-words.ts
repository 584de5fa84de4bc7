import type { MaintenancePhase } from "./atlassian-v2-words";
import { type IncidentSeverity, type IncidentStatus, STATE_OF_SEVERITY, type SurfaceState } from "./vocabulary";

// How states are said to people, in Statuspage's words: on the page, on badges, in the feeds and in
// the v2 JSON alike.

/** A surface's state in lower case, as a badge or a title says it ("partial outage"). */
export const STATE_WORDS: Readonly<Record<SurfaceState, string>> = {
	OPERATIONAL: "operational",
	DEGRADED: "degraded performance",
	PARTIAL: "partial outage",
	DOWN: "major outage",
	MAINTENANCE: "under maintenance",
	UNKNOWN: "unknown",
};

/** A state in as few words as the uptime bar and its legend use ("degraded"). */
export const SHORT_STATE_WORDS: Readonly<Record<SurfaceState, string>> = {
	OPERATIONAL: "operational",
	DEGRADED: "degraded",
	PARTIAL: "partial outage",
	DOWN: "major outage",
	MAINTENANCE: "maintenance",
	UNKNOWN: "no data",
};

/** Words as a sentence starts them ("Partial outage"). */
export const capitalised = (words: string): string => `${words.charAt(0).toUpperCase()}${words.slice(1)}`;

/** Where an incident stands, as its timeline says it. */
export const INCIDENT_STATUS_WORDS: Readonly<Record<IncidentStatus, string>> = {
	investigating: "Investigating",
	identified: "Identified",
	monitoring: "Monitoring",
	resolved: "Resolved",
};

/** A phase of a window's life an announcement is about: Statuspage's, or its cancellation. */
export type AnnouncedPhase = MaintenancePhase | "cancelled";

/** Where a maintenance window is, as an announcement says it. */
export const PHASE_WORDS: Readonly<Record<AnnouncedPhase, string>> = {
	scheduled: "scheduled",
	in_progress: "in progress",
	completed: "completed",
	cancelled: "cancelled",
};

/** What an incident of a severity is: the words of the state it puts its surface in. */
export const severityWords = (severity: IncidentSeverity): string => STATE_WORDS[STATE_OF_SEVERITY[severity]];

/** "Plaid: major outage": an incident's title, wherever it is shown. */
export const incidentTitle = (surfaceName: string, severity: IncidentSeverity): string =>
	`${surfaceName}: ${severityWords(severity)}`;
