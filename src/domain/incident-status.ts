import { INCIDENT_STATUSES, type IncidentStatus } from "./vocabulary";

const STATUS_WORDS: ReadonlySet<string> = new Set(INCIDENT_STATUSES);

/**
 * An incident's status from its ticket: the ticket's status field (one of the four words, any case),
 * else `investigating`; a closed ticket's incident is `resolved` whatever the field says, and an
 * open ticket's cannot be: until the ticket closes, `resolved` reads as `monitoring` (the fix is in,
 * the ticket still open). Undefined for a word that is none of the four.
 */
export function incidentStatusOf(field: string | null, ticketOpen: boolean): IncidentStatus | undefined {
	const word = field === null ? null : field.trim().toLowerCase();
	if (word !== null && !STATUS_WORDS.has(word)) return undefined;
	if (!ticketOpen) return "resolved";
	if (word === null) return "investigating";
	return word === "resolved" ? "monitoring" : (word as IncidentStatus);
}
