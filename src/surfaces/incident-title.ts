import { incidentTitle } from "../domain/state-words";
import type { IncidentSeverity } from "../domain/vocabulary";
import { surfaceName } from "./registry";

/** What the title of an incident is made of: its surface and severity, and the helpdesk's title if any. */
export interface TitledIncident {
	surfaceId: string;
	severity: IncidentSeverity;
	publicTitle: string | null;
}

/**
 * An incident's title wherever it is shown (the page, the feeds, the JSON APIs, notifications):
 * the helpdesk's public title when the ticket gives one, else "Plaid: major outage".
 */
export const incidentName = (incident: TitledIncident): string =>
	incident.publicTitle ?? incidentTitle(surfaceName(incident.surfaceId), incident.severity);
