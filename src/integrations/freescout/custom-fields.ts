/** Which ticket custom fields carry what; configurable by name (wrangler vars). */
export interface TicketFieldNames {
	component: string;
	publicNote: string;
	severity: string;
	status: string;
	/** The incident's public title: optional; without it the incident's title is generated. */
	publicTitle: string;
}

export const DEFAULT_TICKET_FIELD_NAMES: TicketFieldNames = {
	component: "component_tag",
	publicNote: "public_status",
	severity: "incident_severity",
	status: "incident_status",
	publicTitle: "public_title",
};

/** "Component tag", "component-tag" and "COMPONENT_TAG" all name `component_tag`. */
export function normalizeFieldName(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/[\s_-]+/g, "_");
}

export function fieldNamesFromEnv(env: {
	FREESCOUT_COMPONENT_FIELD?: string;
	FREESCOUT_NOTE_FIELD?: string;
	FREESCOUT_SEVERITY_FIELD?: string;
	FREESCOUT_STATUS_FIELD?: string;
	FREESCOUT_TITLE_FIELD?: string;
}): TicketFieldNames {
	return {
		component: env.FREESCOUT_COMPONENT_FIELD || DEFAULT_TICKET_FIELD_NAMES.component,
		publicNote: env.FREESCOUT_NOTE_FIELD || DEFAULT_TICKET_FIELD_NAMES.publicNote,
		severity: env.FREESCOUT_SEVERITY_FIELD || DEFAULT_TICKET_FIELD_NAMES.severity,
		status: env.FREESCOUT_STATUS_FIELD || DEFAULT_TICKET_FIELD_NAMES.status,
		publicTitle: env.FREESCOUT_TITLE_FIELD || DEFAULT_TICKET_FIELD_NAMES.publicTitle,
	};
}

/**
 * Picks the configured fields out of (name, value) pairs. A blank value (empty or only white space:
 * how FreeScout sends a cleared field) counts as absent. Identifiers are trimmed; the public note and
 * title are public text, taken exactly as written so the public-text rule sees, and the page shows,
 * what the agent typed.
 */
export function pickTicketFields(
	fields: readonly { name: string; value: string | null }[],
	names: TicketFieldNames,
): {
	component: string | null;
	publicNote: string | null;
	severity: string | null;
	status: string | null;
	publicTitle: string | null;
} {
	const byName = new Map<string, string | null>();
	for (const field of fields) {
		byName.set(normalizeFieldName(field.name), field.value?.trim() ? field.value : null);
	}
	const get = (name: string) => byName.get(normalizeFieldName(name)) ?? null;
	const identifier = (name: string) => get(name)?.trim() ?? null;
	return {
		component: identifier(names.component),
		publicNote: get(names.publicNote),
		severity: identifier(names.severity),
		status: identifier(names.status),
		publicTitle: get(names.publicTitle),
	};
}
