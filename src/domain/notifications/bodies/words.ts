import { type AnnouncedPhase, capitalised, INCIDENT_STATUS_WORDS, PHASE_WORDS, STATE_WORDS } from "../../state-words";
import { STATE_OF_SEVERITY, type SurfaceState } from "../../vocabulary";
import type { IncidentSubject, MaintenanceSubject, NotificationEvent, NotifiedSurface, SurfaceSubject } from "../event";
import { within } from "./fit";
import { MAX_SURFACES, NAME_MAX, NOTE_MAX, TITLE_MAX } from "./limits";

// What the chat bodies (Slack, Discord, Teams) say, in the page's own words: the same headline,
// facts and colour for every kind. Raw text: each body cuts and escapes it for its platform.

/** The colours of the badges (shields.io's), as 0xRRGGBB. */
export const STATE_COLOURS: Readonly<Record<SurfaceState, number>> = {
	OPERATIONAL: 0x44cc11,
	DEGRADED: 0xdfb317,
	PARTIAL: 0xfe7d37,
	DOWN: 0xe05d44,
	MAINTENANCE: 0x007ec6,
	UNKNOWN: 0x9f9f9f,
};

export const hexColour = (colour: number): string => `#${colour.toString(16).padStart(6, "0")}`;

/** The phase a maintenance event announces ("updated": its schedule or note changed). */
export function announcedPhase(event: NotificationEvent, window: MaintenanceSubject): AnnouncedPhase | "updated" {
	switch (event.type) {
		case "maintenance.scheduled":
			return "scheduled";
		case "maintenance.started":
			return "in_progress";
		case "maintenance.completed":
			return "completed";
		case "maintenance.cancelled":
			return "cancelled";
		case "maintenance.updated":
			return "updated";
		default:
			return window.status;
	}
}

/** The state an event leaves things in, for its colour. */
export function stateOfEvent(event: NotificationEvent): SurfaceState {
	const subject = event.subject;
	if (subject === null) return "UNKNOWN";
	if (subject.kind === "incident") {
		return subject.status === "resolved" ? "OPERATIONAL" : STATE_OF_SEVERITY[subject.severity];
	}
	if (subject.kind === "surface") return subject.surface.state;
	const phase = announcedPhase(event, subject);
	if (phase === "completed") return "OPERATIONAL";
	if (phase === "cancelled") return "UNKNOWN";
	return "MAINTENANCE";
}

const incidentHeadline = (incident: IncidentSubject) =>
	`[${INCIDENT_STATUS_WORDS[incident.status]}] ${within(incident.title, TITLE_MAX)}`;

function maintenanceHeadline(event: NotificationEvent, window: MaintenanceSubject): string {
	const phase = announcedPhase(event, window);
	return `Maintenance ${phase === "updated" ? "updated" : PHASE_WORDS[phase]}: ${within(window.title, TITLE_MAX)}`;
}

const surfaceHeadline = ({ surface }: SurfaceSubject) =>
	`${within(surface.name, NAME_MAX)} is now ${STATE_WORDS[surface.state]}`;

/** The one line a notification is about: "[Resolved] Deposits: major outage". */
export function headline(event: NotificationEvent): string {
	const subject = event.subject;
	if (subject === null) return `Test notification from ${pageName(event)}`;
	if (subject.kind === "incident") return incidentHeadline(subject);
	if (subject.kind === "maintenance") return maintenanceHeadline(event, subject);
	return surfaceHeadline(subject);
}

/** The note a notification carries: the incident's latest update's, the window's, the surface's. */
export function noteOf(event: NotificationEvent): string | null {
	const subject = event.subject;
	if (subject === null) {
		return "This is a test notification: deliveries to this address work. No incident or maintenance is behind it.";
	}
	const note =
		subject.kind === "incident"
			? (subject.updates[0]?.body ?? null)
			: subject.kind === "maintenance"
				? subject.publicNote
				: subject.surface.publicNote;
	return note === null ? null : within(note, NOTE_MAX);
}

/** "2026-12-03 09:12 UTC": an instant as the messages show it. */
export function humanTime(iso: string): string {
	const at = new Date(iso);
	if (Number.isNaN(at.getTime())) return iso;
	const text = at.toISOString();
	return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

/** A fact of a message: its label (the renderer's own words) and its raw value. */
export interface Fact {
	label: string;
	value: string;
}

const surfaceList = (surfaces: readonly NotifiedSurface[]) =>
	surfaces.map((surface) => `${surface.name} (${STATE_WORDS[surface.state]})`).join(", ");

/** The facts every chat body lists, in this order (the renderers cut each to their limits). */
export function factsOf(event: NotificationEvent): Fact[] {
	const subject = event.subject;
	const surfaces = surfacesOf(event);
	if (subject === null) return [{ label: "Page", value: pageName(event) }];
	if (subject.kind === "incident") {
		return [
			{ label: "Status", value: INCIDENT_STATUS_WORDS[subject.status] },
			{ label: "Impact", value: capitalised(STATE_WORDS[STATE_OF_SEVERITY[subject.severity]]) },
			{ label: "Started", value: humanTime(subject.openedAt) },
			...(subject.resolvedAt === null ? [] : [{ label: "Resolved", value: humanTime(subject.resolvedAt) }]),
			...(surfaces.length === 0 ? [] : [{ label: "Surfaces", value: surfaceList(surfaces) }]),
		];
	}
	if (subject.kind === "maintenance") {
		return [
			{ label: "Status", value: capitalised(PHASE_WORDS[subject.status]) },
			{ label: "Starts", value: humanTime(subject.startsAt) },
			{ label: "Ends", value: humanTime(subject.endsAt) },
			...(subject.startedAt === null ? [] : [{ label: "Started", value: humanTime(subject.startedAt) }]),
			...(subject.endedAt === null ? [] : [{ label: "Ended", value: humanTime(subject.endedAt) }]),
			...(surfaces.length === 0 ? [] : [{ label: "Surfaces", value: surfaceList(surfaces) }]),
		];
	}
	return [
		{ label: "Now", value: capitalised(STATE_WORDS[subject.surface.state]) },
		{
			label: "Before",
			value: subject.previousState === null ? "Not recorded" : capitalised(STATE_WORDS[subject.previousState]),
		},
		{ label: "Since", value: humanTime(subject.surface.since) },
	];
}

/** The surfaces an incident or window names: the first MAX_SURFACES, names within NAME_MAX. */
export function surfacesOf(event: NotificationEvent): NotifiedSurface[] {
	const subject = event.subject;
	if (subject === null || subject.kind === "surface") return [];
	return boundedSurfaces(subject.surfaces);
}

export const boundedSurfaces = (surfaces: readonly NotifiedSurface[]): NotifiedSurface[] =>
	surfaces.slice(0, MAX_SURFACES).map((surface) => ({ ...surface, name: within(surface.name, NAME_MAX) }));

/** The page's name, within NAME_MAX. */
export const pageName = (event: NotificationEvent): string => within(event.page.name, NAME_MAX);

/** Where the message links to, and what its button says. */
export function linkOf(event: NotificationEvent): { url: string; label: string } {
	const subject = event.subject;
	if (subject?.kind === "incident") return { url: subject.url, label: "View incident" };
	if (subject?.kind === "maintenance") return { url: subject.url, label: "View maintenance" };
	return { url: event.page.url, label: "View status page" };
}
