import type { IncidentSeverity } from "./vocabulary";

// What helpdesk agents pick or type, mapped to a severity; Statuspage's words are understood too.
const SEVERITY_WORDS: ReadonlyMap<string, IncidentSeverity> = new Map(
	Object.entries({
		degraded: "degraded",
		"degraded performance": "degraded",
		minor: "degraded",
		partial: "partial",
		"partial outage": "partial",
		down: "down",
		outage: "down",
		"major outage": "down",
		major: "down",
		maintenance: "maintenance",
		"under maintenance": "maintenance",
		"scheduled maintenance": "maintenance",
	}),
);

/** The severity a ticket field names; absent means degraded; unrecognised is undefined. */
export function parseIncidentSeverity(text: string | null): IncidentSeverity | undefined {
	if (text === null) return "degraded";
	return SEVERITY_WORDS.get(
		text
			.trim()
			.toLowerCase()
			.replace(/[\s_-]+/g, " "),
	);
}
