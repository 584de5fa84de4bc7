import { statuspageText } from "../../../lib/escape";
import {
	type ComponentStatus,
	componentStatusOf,
	IMPACT_OF_SEVERITY,
	type Impact,
	type MaintenancePhase,
	maintenancePhaseOf,
} from "../../atlassian-v2-words";
import { overallStatus } from "../../overall-status";
import type { AnnouncedPhase } from "../../state-words";
import { type IncidentSeverity, type IncidentStatus, STATE_OF_SEVERITY, type SurfaceState } from "../../vocabulary";
import type { IncidentSubject, MaintenanceSubject, NotificationEvent, NotifiedSurface, SurfaceSubject } from "../event";
import { within } from "./fit";
import { MAX_UPDATES, NAME_MAX, NOTE_MAX, TITLE_MAX } from "./limits";
import { boundedSurfaces, noteOf } from "./words";

// The body Atlassian Statuspage posts to its webhook subscribers, field for field as its own
// (support.atlassian.com, "Enable webhook notifications"), so receivers built for it (Zulip,
// FireHydrant, chat bridges) read this page's notifications unchanged: an incident (or a maintenance
// window, in the incident's shape, as Statuspage sends them), or a component and its component_update.
// Free text is HTML-escaped (statuspageText) like the v2 JSON's. `meta.unsubscribe` is "" (never
// null, which typed receivers refuse): the operator manages these subscribers, there is no link.
// `meta.generated_at` is the event's time, so that a retry sends the same bytes. The page's
// status_indicator and status_description are the overall status over the surfaces the event names
// (overall-status.ts), as the event does not carry the whole page's.

const DOCUMENTATION = "https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/";

/** A state as a component status; UNKNOWN, which Statuspage has no word for, is "unknown". */
const statusWord = (state: SurfaceState | null): ComponentStatus | "unknown" =>
	(state === null ? null : componentStatusOf(state)) ?? "unknown";

const text = (raw: string, max: number) => statuspageText(within(raw, max));

function pageOf(event: NotificationEvent, states: readonly SurfaceState[]) {
	const overall = overallStatus(states);
	return { id: event.page.id, status_indicator: overall.indicator, status_description: overall.description };
}

/** Components as an incident lists them: surfaces in UNKNOWN are left out, as the v2 JSON does. */
function componentsOf(surfaces: readonly NotifiedSurface[], pageId: string) {
	return boundedSurfaces(surfaces).flatMap((surface, index) => {
		const status = componentStatusOf(surface.state);
		if (status === null) return [];
		return [
			{
				id: surface.id,
				name: statuspageText(surface.name),
				status,
				position: index + 1,
				description: null,
				showcase: true,
				group_id: null,
				page_id: pageId,
			},
		];
	});
}

type Component = ReturnType<typeof componentsOf>[number];

interface AffectedComponent {
	code: string;
	name: string;
	old_status: ComponentStatus;
	new_status: ComponentStatus;
}

function update(
	incidentId: string,
	id: string,
	status: IncidentStatus | MaintenancePhase,
	body: string,
	at: string,
	affected: AffectedComponent[],
) {
	return {
		id,
		status,
		body,
		incident_id: incidentId,
		created_at: at,
		updated_at: at,
		display_at: at,
		affected_components: affected.length === 0 ? null : affected,
		deliver_notifications: true,
		custom_tweet: null,
		tweet_id: null,
	};
}

// An update's component status, as the v2 JSON says it: what its severity does, operational once resolved.
const statusAfter = (status: IncidentStatus, severity: IncidentSeverity): ComponentStatus =>
	status === "resolved" ? "operational" : (componentStatusOf(STATE_OF_SEVERITY[severity]) ?? "operational");

function incidentBody(incident: IncidentSubject, components: Component[], pageId: string) {
	const updates = incident.updates.slice(0, MAX_UPDATES);
	const incidentUpdates = updates.map((entry, index) => {
		const before = incident.updates[index + 1];
		const affected = components.map((component) => ({
			code: component.id,
			name: component.name,
			old_status: before ? statusAfter(before.status, before.severity) : "operational",
			new_status: statusAfter(entry.status, entry.severity),
		}));
		return update(incident.id, entry.id, entry.status, text(entry.body ?? "", NOTE_MAX), entry.at, affected);
	});
	return {
		id: incident.id,
		name: text(incident.title, TITLE_MAX),
		status: incident.status,
		impact: IMPACT_OF_SEVERITY[incident.severity] as Impact,
		shortlink: incident.url,
		created_at: incident.openedAt,
		updated_at: updates[0]?.at ?? incident.openedAt,
		monitoring_at: incident.updates.find((entry) => entry.status === "monitoring")?.at ?? null,
		resolved_at: incident.resolvedAt,
		started_at: incident.openedAt,
		scheduled_for: null,
		scheduled_until: null,
		page_id: pageId,
		components,
		incident_updates: incidentUpdates,
	};
}

/**
 * A window's announcements, newest first, as the v2 JSON words them: its end (completed, or
 * cancelled: Statuspage has no cancelled status, and a window ended or called off is "completed"
 * there, its body saying it was cancelled), its start, its schedule (the note, else the title).
 */
function announcements(event: NotificationEvent, window: MaintenanceSubject, createdAt: string) {
	const list: { phase: AnnouncedPhase; at: string; body: string }[] = [];
	if (window.status === "completed" || window.status === "cancelled") {
		const body =
			window.status === "completed"
				? "Scheduled maintenance is completed."
				: window.startedAt === null
					? "Scheduled maintenance is cancelled: it will not take place."
					: "Scheduled maintenance is cancelled: it ended early.";
		list.push({ phase: window.status, at: window.endedAt ?? event.occurredAt, body });
	}
	if (window.startedAt !== null) {
		list.push({ phase: "in_progress", at: window.startedAt, body: "Scheduled maintenance is in progress." });
	}
	list.push({ phase: "scheduled", at: createdAt, body: window.publicNote ?? window.title });
	return list;
}

function maintenanceBody(event: NotificationEvent, window: MaintenanceSubject, components: Component[]) {
	// Without its own time, the schedule is dated no later than anything that followed it.
	const createdAt =
		window.createdAt ??
		[window.startedAt, window.endedAt].reduce<string>(
			(earliest, at) => (at !== null && at < earliest ? at : earliest),
			event.occurredAt,
		);
	const unchanged = components.map(({ id, name, status }) => ({
		code: id,
		name,
		old_status: status,
		new_status: status,
	}));
	const updates = announcements(event, window, createdAt).map(({ phase, at, body }) =>
		update(
			window.id,
			`${window.id}_${phase}`,
			maintenancePhaseOf(phase) ?? "completed",
			text(body, NOTE_MAX),
			at,
			unchanged,
		),
	);
	const ended = window.status === "completed" || window.status === "cancelled";
	return {
		id: window.id,
		name: text(window.title, TITLE_MAX),
		status: maintenancePhaseOf(window.status) ?? "completed",
		impact: "maintenance" as Impact,
		shortlink: window.url,
		created_at: createdAt,
		updated_at: updates[0]?.created_at ?? createdAt,
		monitoring_at: null,
		resolved_at: ended ? (window.endedAt ?? event.occurredAt) : null,
		started_at: window.startedAt ?? window.startsAt,
		scheduled_for: window.startsAt,
		scheduled_until: window.endsAt,
		page_id: event.page.id,
		components,
		incident_updates: updates,
	};
}

/** The test send: a resolved incident of no impact, so that a receiver shows it and tracks nothing open. */
function testBody(event: NotificationEvent) {
	const body = text(noteOf(event) ?? "", NOTE_MAX);
	return {
		id: event.id,
		name: text(`Test notification from ${event.page.name}`, TITLE_MAX),
		status: "resolved" as IncidentStatus,
		impact: "none" as Impact,
		shortlink: event.page.url,
		created_at: event.occurredAt,
		updated_at: event.occurredAt,
		monitoring_at: null,
		resolved_at: event.occurredAt,
		started_at: event.occurredAt,
		scheduled_for: null,
		scheduled_until: null,
		page_id: event.page.id,
		components: [],
		incident_updates: [update(event.id, `${event.id}_test`, "resolved", body, event.occurredAt, [])],
	};
}

function surfaceBody(event: NotificationEvent, { surface, previousState }: SurfaceSubject) {
	const status = statusWord(surface.state);
	return {
		component: {
			id: surface.id,
			name: text(surface.name, NAME_MAX),
			status,
			created_at: surface.since,
			updated_at: surface.since,
			position: 1,
			description: null,
			showcase: true,
			group_id: null,
			page_id: event.page.id,
		},
		component_update: {
			id: `${surface.id}_${event.sequence}`,
			old_status: statusWord(previousState),
			new_status: status,
			created_at: event.occurredAt,
			component_type: "Component",
			component_id: surface.id,
		},
	};
}

export function statuspageBody(event: NotificationEvent) {
	const meta = { unsubscribe: "", documentation: DOCUMENTATION, generated_at: event.occurredAt };
	const subject = event.subject;
	if (subject === null) return { meta, page: pageOf(event, []), incident: testBody(event) };
	if (subject.kind === "surface") {
		return { meta, page: pageOf(event, [subject.surface.state]), ...surfaceBody(event, subject) };
	}
	const states = subject.surfaces.map((surface) => surface.state);
	const components = componentsOf(subject.surfaces, event.page.id);
	const incident =
		subject.kind === "incident"
			? incidentBody(subject, components, event.page.id)
			: maintenanceBody(event, subject, components);
	return { meta, page: pageOf(event, states), incident };
}
