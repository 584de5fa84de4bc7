/** The public id of an incident: opaque, never the helpdesk ticket's id (runbook section 10). */
export function publicIncidentId(id: number): string {
	return `inc_${String(id).padStart(5, "0")}`;
}
