import { componentStatusOf, IMPACT_OF_SEVERITY } from "../../atlassian-v2-words";
import type { SurfaceState } from "../../vocabulary";
import {
	EVENT_BODY_VERSION,
	type IncidentSubject,
	type MaintenanceSubject,
	type NotificationEvent,
	type NotifiedSurface,
	type SurfaceSubject,
} from "../event";
import { within } from "./fit";
import { NAME_MAX, NOTE_MAX, TITLE_MAX } from "./limits";
import type { SubscriberLinks } from "./links";
import { boundedSurfaces } from "./words";

// The generic body (Standard Webhooks): `{type, timestamp, version, data}`, data in snake_case,
// raw text (the receiver escapes it for wherever it shows it). At most MAX_SURFACES surfaces and
// only the latest update, so it stays under GENERIC_BODY_MAX_BYTES.

/** A state in Statuspage's lower-case component words ("major_outage"); UNKNOWN is "unknown". */
const stateWord = (state: SurfaceState): string => componentStatusOf(state) ?? "unknown";

const note = (text: string | null) => (text === null ? null : within(text, NOTE_MAX));

const surfaces = (list: readonly NotifiedSurface[]) =>
	boundedSurfaces(list).map((surface) => ({ id: surface.id, name: surface.name, state: stateWord(surface.state) }));

function incidentData(incident: IncidentSubject) {
	const latest = incident.updates[0];
	return {
		id: incident.id,
		title: within(incident.title, TITLE_MAX),
		status: incident.status,
		severity: incident.severity,
		impact: IMPACT_OF_SEVERITY[incident.severity],
		opened_at: incident.openedAt,
		resolved_at: incident.resolvedAt,
		url: incident.url,
		latest_update:
			latest === undefined
				? null
				: { id: latest.id, status: latest.status, severity: latest.severity, body: note(latest.body), at: latest.at },
		surfaces: surfaces(incident.surfaces),
	};
}

const maintenanceData = (window: MaintenanceSubject) => ({
	id: window.id,
	title: within(window.title, TITLE_MAX),
	status: window.status,
	public_note: note(window.publicNote),
	starts_at: window.startsAt,
	ends_at: window.endsAt,
	started_at: window.startedAt,
	ended_at: window.endedAt,
	url: window.url,
	surfaces: surfaces(window.surfaces),
});

const surfaceData = ({ surface, previousState }: SurfaceSubject) => ({
	id: surface.id,
	name: within(surface.name, NAME_MAX),
	state: stateWord(surface.state),
	previous_state: previousState === null ? null : stateWord(previousState),
	public_note: note(surface.publicNote),
	since: surface.since,
});

function subjectData(event: NotificationEvent) {
	const subject = event.subject;
	if (subject === null) return {};
	if (subject.kind === "incident") return { incident: incidentData(subject) };
	if (subject.kind === "maintenance") return { maintenance: maintenanceData(subject) };
	return { surface: surfaceData(subject) };
}

/**
 * A self-service subscriber's body also says where to manage or end the subscription
 * (`subscription.manage_url`, `subscription.unsubscribe_url`); an operator's has no such field.
 */
export function genericBody(event: NotificationEvent, links: SubscriberLinks | null = null) {
	return {
		type: event.type,
		timestamp: event.occurredAt,
		version: EVENT_BODY_VERSION,
		data: {
			event_id: event.id,
			sequence: event.sequence,
			page: { id: event.page.id, name: within(event.page.name, NAME_MAX), url: event.page.url },
			...subjectData(event),
		},
		...(links === null ? {} : { subscription: { manage_url: links.manageUrl, unsubscribe_url: links.unsubscribeUrl } }),
	};
}
