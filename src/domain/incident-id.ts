/** The public id of an incident: opaque, never the helpdesk ticket's id. */
export function publicIncidentId(id: number): string {
	return `inc_${String(id).padStart(5, "0")}`;
}

const PUBLIC_INCIDENT_ID = /^inc_(\d{5,15})$/;

/** The incident a public id names (inc_NNNNN), or null when it is not one. */
export function incidentIdOf(publicId: string): number | null {
	const digits = PUBLIC_INCIDENT_ID.exec(publicId)?.[1];
	if (digits === undefined) return null;
	const id = Number(digits);
	return Number.isSafeInteger(id) && publicIncidentId(id) === publicId ? id : null;
}

/**
 * The public id of an update of an incident's timeline: the incident's and the ticket's update
 * time, so that it is the same whatever order the deliveries came in (inc_00042 at
 * 2026-11-26T18:00:00.000Z is upd_00042_20261126T180000000Z).
 */
export function publicUpdateId(incidentId: number, atIso: string): string {
	return `upd_${String(incidentId).padStart(5, "0")}_${atIso.replace(/[-:.]/g, "")}`;
}
