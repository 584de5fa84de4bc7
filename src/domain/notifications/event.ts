// What a notification says: an event of the outbox, with what its subscribers are told about it.
// The bodies of every subscriber kind (bodies/) are rendered from this alone.

import type { IncidentSeverity, IncidentStatus, MaintenanceStatus, SurfaceState } from "../vocabulary";

/** The events a subscriber may ask for; surface.state_changed only by name (never by default). */
export const EVENT_TYPES = [
	"incident.created",
	"incident.updated",
	"incident.resolved",
	"maintenance.scheduled",
	"maintenance.updated",
	"maintenance.started",
	"maintenance.completed",
	"maintenance.cancelled",
	"surface.state_changed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a subscriber gets when it names no events: every lifecycle event, no surface flaps. */
export const DEFAULT_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((type) => type !== "surface.state_changed");

/** The body schema's version, in every generic webhook body. */
export const EVENT_BODY_VERSION = "1";

/** A surface as a notification names it. */
export interface NotifiedSurface {
	id: string;
	name: string;
	/** Its state when the notification was rendered. */
	state: SurfaceState;
}

export interface IncidentUpdate {
	/** upd_... (publicUpdateId). */
	id: string;
	status: IncidentStatus;
	severity: IncidentSeverity;
	/** The public note of this update, if it has one. */
	body: string | null;
	/** ISO 8601: when the update was made (the ticket's time). */
	at: string;
}

export interface IncidentSubject {
	kind: "incident";
	/** inc_NNNNN. */
	id: string;
	title: string;
	status: IncidentStatus;
	severity: IncidentSeverity;
	openedAt: string;
	resolvedAt: string | null;
	/** The incident's own page. */
	url: string;
	/** Newest first, at most a bounded number; the first is the update this event is about. */
	updates: readonly IncidentUpdate[];
	surfaces: readonly NotifiedSurface[];
}

export interface MaintenanceSubject {
	kind: "maintenance";
	/** mnt_NNNNN. */
	id: string;
	title: string;
	publicNote: string | null;
	status: MaintenanceStatus;
	startsAt: string;
	endsAt: string;
	startedAt: string | null;
	endedAt: string | null;
	/**
	 * ISO 8601: when the window was scheduled; without it, the Statuspage body dates its
	 * schedule at the earliest of the event, the start and the end.
	 */
	createdAt?: string;
	url: string;
	surfaces: readonly NotifiedSurface[];
}

export interface SurfaceSubject {
	kind: "surface";
	surface: NotifiedSurface & { publicNote: string | null; since: string };
	previousState: SurfaceState | null;
}

export interface PageSubject {
	/** The status page's id and name (page-identity.ts) and its public URL. */
	id: string;
	name: string;
	url: string;
}

/** One event as delivered: the outbox row's identity, and its subject rendered for subscribers. */
export interface NotificationEvent {
	/** evt_... */
	id: string;
	/** "test": the operator's test send, to one subscriber. */
	type: EventType | "test";
	/** ISO 8601: when the change was committed. */
	occurredAt: string;
	/** 1, 2, ... per incident, window or surface: receivers order by it. */
	sequence: number;
	page: PageSubject;
	subject: IncidentSubject | MaintenanceSubject | SurfaceSubject | null;
}
