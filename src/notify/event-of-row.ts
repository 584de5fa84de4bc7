import { z } from "zod";
import type { DeliveryJob } from "../db/notifications/deliveries";
import { publicIncidentId, publicUpdateId } from "../domain/incident-id";
import { publicMaintenanceId } from "../domain/maintenance-id";
import type { NotificationEvent, NotifiedSurface, PageSubject } from "../domain/notifications/event";
import {
	INCIDENT_SEVERITIES,
	INCIDENT_STATUSES,
	MAINTENANCE_STATUSES,
	SURFACE_STATES,
	type SurfaceState,
} from "../domain/vocabulary";
import { incidentPagePath } from "../paths";
import { incidentName } from "../surfaces/incident-title";
import { surfaceName } from "../surfaces/registry";

// The outbox row's snapshots (src/db/*/outbox.ts) as the event subscribers are told about.

const state = z.enum(SURFACE_STATES);
const incidentSnapshot = z.object({
	id: z.number().int(),
	surface_id: z.string(),
	severity: z.enum(INCIDENT_SEVERITIES),
	public_note: z.string().nullable(),
	opened_at: z.string(),
	resolved_at: z.string().nullable(),
	status: z.enum(INCIDENT_STATUSES).nullable(),
	updated_at: z.string().nullable(),
	surface_state: state.nullable(),
	/** Absent from the snapshots written before incidents had titles. */
	title: z.string().nullish(),
});
const maintenanceSnapshot = z.object({
	id: z.number().int(),
	status: z.enum(MAINTENANCE_STATUSES),
	title: z.string(),
	public_note: z.string().nullable(),
	surface_ids: z.array(z.string()),
	starts_at: z.string(),
	ends_at: z.string(),
	started_at: z.string().nullable(),
	ended_at: z.string().nullable(),
	created_at: z.string(),
	surface_states: z.record(z.string(), state).nullable(),
});
const surfaceSnapshot = z.object({
	state,
	public_note: z.string().nullable(),
	state_since: z.string(),
});

const parsed = <T>(schema: z.ZodType<T>, json: string | null): T | null =>
	json === null ? null : schema.parse(JSON.parse(json));

const notified = (id: string, surfaceState: SurfaceState | null | undefined): NotifiedSurface => ({
	id,
	name: surfaceName(id),
	state: surfaceState ?? "UNKNOWN",
});

/** The event of a delivery, rendered from its outbox row: the subject as the change left it. */
export function notificationEventOf(event: NonNullable<DeliveryJob["event"]>, page: PageSubject): NotificationEvent {
	const base = { id: event.id, type: event.type, occurredAt: event.occurredAt, sequence: event.sequence, page };
	const origin = page.url.replace(/\/$/, "");
	if (event.subjectKind === "incident") {
		const incident = parsed(incidentSnapshot, event.after);
		if (!incident) return { ...base, subject: null };
		const publicId = publicIncidentId(incident.id);
		const status = incident.status ?? (incident.resolved_at ? "resolved" : "investigating");
		const at = incident.updated_at ?? incident.opened_at;
		return {
			...base,
			subject: {
				kind: "incident",
				id: publicId,
				title: incidentName({
					surfaceId: incident.surface_id,
					severity: incident.severity,
					publicTitle: incident.title ?? null,
				}),
				status,
				severity: incident.severity,
				openedAt: incident.opened_at,
				resolvedAt: incident.resolved_at,
				url: `${origin}${incidentPagePath(publicId)}`,
				updates: [
					{
						id: publicUpdateId(incident.id, at),
						status,
						severity: incident.severity,
						body: incident.public_note,
						at,
					},
				],
				surfaces: [notified(incident.surface_id, incident.surface_state)],
			},
		};
	}
	if (event.subjectKind === "maintenance") {
		const window = parsed(maintenanceSnapshot, event.after);
		if (!window) return { ...base, subject: null };
		return {
			...base,
			subject: {
				kind: "maintenance",
				id: publicMaintenanceId(window.id),
				title: window.title,
				publicNote: window.public_note,
				status: window.status,
				startsAt: window.starts_at,
				endsAt: window.ends_at,
				startedAt: window.started_at,
				endedAt: window.ended_at,
				createdAt: window.created_at,
				url: `${origin}/`,
				surfaces: window.surface_ids.map((id) => notified(id, window.surface_states?.[id])),
			},
		};
	}
	if (event.subjectKind === "surface" && event.subjectId !== null) {
		const after = parsed(surfaceSnapshot, event.after);
		const before = parsed(surfaceSnapshot, event.before);
		if (!after) return { ...base, subject: null };
		return {
			...base,
			subject: {
				kind: "surface",
				surface: {
					...notified(event.subjectId, after.state),
					publicNote: after.public_note,
					since: after.state_since,
				},
				previousState: before?.state ?? null,
			},
		};
	}
	return { ...base, subject: null };
}
