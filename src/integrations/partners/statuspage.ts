import { z } from "zod";
import type { SurfaceState } from "../../domain/vocabulary";
import { type PartnerReading, parseOrFail, trackedOrPage, worstOrOperational } from "./reading";

// Atlassian Statuspage v2: summary.json (components, incidents) or status.json (indicator only).

const COMPONENT_STATES: ReadonlyMap<string, SurfaceState> = new Map(
	Object.entries({
		operational: "OPERATIONAL",
		degraded_performance: "DEGRADED",
		partial_outage: "PARTIAL",
		major_outage: "DOWN",
		under_maintenance: "MAINTENANCE",
	}),
);

// The page's indicator and an incident's impact use the same words. "maintenance" is not in
// Statuspage's documentation, but real pages send it.
const INDICATOR_STATES: ReadonlyMap<string, SurfaceState> = new Map(
	Object.entries({
		none: "OPERATIONAL",
		minor: "DEGRADED",
		major: "PARTIAL",
		critical: "DOWN",
		maintenance: "MAINTENANCE",
	}),
);
const IMPACT_STATES = INDICATOR_STATES;

const ComponentSchema = z.looseObject({
	id: z.string(),
	status: z.string(),
	group: z.boolean().nullish(),
});

const IncidentSchema = z.looseObject({
	status: z.string(),
	impact: z.string().nullish(),
	components: z.array(z.looseObject({ id: z.string() })).nullish(),
});

const StatuspageSchema = z.looseObject({
	status: z.looseObject({ indicator: z.string() }),
	components: z.array(ComponentSchema).nullish(),
	incidents: z.array(IncidentSchema).nullish(),
});

const CLOSED_INCIDENT = new Set(["resolved", "postmortem", "completed"]);

const componentState = (component: z.infer<typeof ComponentSchema>): SurfaceState =>
	COMPONENT_STATES.get(component.status) ?? "DEGRADED";

export function readStatuspage(body: unknown, trackedIds: readonly string[]): PartnerReading {
	const page = parseOrFail(StatuspageSchema, body, "Statuspage");
	// Groups are containers: their status restates their children's.
	const components = new Map(
		(page.components ?? [])
			.filter((component) => component.group !== true)
			.map((component) => [component.id, component]),
	);
	const openIncidents = (page.incidents ?? []).filter((incident) => !CLOSED_INCIDENT.has(incident.status));
	const incidentState = (incident: z.infer<typeof IncidentSchema>) =>
		IMPACT_STATES.get(incident.impact ?? "none") ?? "DEGRADED";

	const pageState = (): SurfaceState => {
		if (page.components == null) return INDICATOR_STATES.get(page.status.indicator) ?? "DEGRADED";
		// The page indicator is not the worst component: take the components, raised by open incidents.
		return worstOrOperational([
			...[...components.values()].map(componentState),
			...openIncidents.map(incidentState),
			...(page.status.indicator === "maintenance" ? ["MAINTENANCE" as const] : []),
		]);
	};

	const reading = trackedOrPage(trackedIds, components, componentState, pageState);
	if (trackedIds.length === 0 || reading.missingComponents.length > 0) return reading;
	// An open incident on a tracked component raises it even before the component's status moves.
	const tracked = new Set(trackedIds);
	const affecting = openIncidents.filter((incident) => (incident.components ?? []).some((c) => tracked.has(c.id)));
	return { ...reading, state: worstOrOperational([reading.state, ...affecting.map(incidentState)]) };
}
