import type { MaintenanceRow } from "../../db/maintenance/rows";
import {
	type ComponentStatus,
	componentStatusOf,
	IMPACT_OF_SEVERITY,
	type Impact,
	type MaintenancePhase,
	maintenancePhaseOf,
} from "../../domain/atlassian-v2-words";
import { publicIncidentId, publicUpdateId } from "../../domain/incident-id";
import { publicMaintenanceId } from "../../domain/maintenance-id";
import type { PageIdentity } from "../../domain/page-identity";
import { worstState } from "../../domain/severity";
import { type IncidentSeverity, type IncidentStatus, STATE_OF_SEVERITY } from "../../domain/vocabulary";
import { statuspageText } from "../../lib/escape";
import { incidentPath, PUBLIC_PATHS } from "../../paths";
import { incidentName } from "../../surfaces/incident-title";
import type { IncidentWithTimeline } from "../../verbs/list-incidents";
import type { StatusSnapshot } from "../../verbs/read-status-snapshot";
import { maintenanceAnnouncements } from "../maintenance-announcements";

// The snapshot in the shapes of Atlassian Statuspage's public API v2, field for field as its own
// pages serve them (test/fixtures/partners/statuspage-summary-*.json are real captures). Every name
// and body is HTML-escaped text (statuspageText): Statuspage widgets insert them as HTML.

export interface AtlassianV2Page extends PageIdentity {
	/** The page's public origin. */
	url: string;
	timeZone: string;
}

interface Component {
	id: string;
	name: string;
	status: ComponentStatus;
	created_at: string;
	updated_at: string;
	position: number;
	description: null;
	showcase: boolean;
	start_date: string | null;
	group_id: string | null;
	page_id: string;
	group: boolean;
	only_show_if_degraded: boolean;
	components?: string[];
}

interface Update {
	id: string;
	status: IncidentStatus | MaintenancePhase;
	body: string;
	incident_id: string;
	created_at: string;
	updated_at: string;
	display_at: string;
	affected_components:
		| { code: string; name: string; old_status: ComponentStatus; new_status: ComponentStatus }[]
		| null;
	deliver_notifications: boolean;
	custom_tweet: null;
	tweet_id: null;
}

const groupComponentId = (group: string) => `group-${group.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

// ISO instants order as strings. Only ever called with at least one.
const earliest = (times: readonly string[]) => [...times].sort()[0] as string;
const latest = (times: readonly string[]) => [...times].sort().at(-1) as string;

/**
 * The components: each group of surfaces as a group component followed by its surfaces, in registry
 * order, positions counted per level. A surface in UNKNOWN has no Statuspage status and is left out
 * (a group whose surfaces are all UNKNOWN too). A component was created when its surface's state was
 * first recorded.
 */
export function atlassianV2Components(snapshot: StatusSnapshot, page: AtlassianV2Page): Component[] {
	const groups = new Map<string, Component[]>();
	for (const { surface, state, row } of snapshot.board.surfaces) {
		const status = componentStatusOf(state);
		if (status === null || row === null) continue;
		const siblings = groups.get(surface.group) ?? [];
		const createdAt = snapshot.firstRecorded.get(surface.id) ?? row.stateSince;
		siblings.push({
			id: surface.id,
			name: statuspageText(surface.name),
			status,
			created_at: createdAt,
			updated_at: row.updatedAt,
			position: siblings.length + 1,
			description: null,
			showcase: true,
			start_date: createdAt.slice(0, 10),
			group_id: groupComponentId(surface.group),
			page_id: page.id,
			group: false,
			only_show_if_degraded: false,
		});
		groups.set(surface.group, siblings);
	}
	const stateOf = new Map(snapshot.board.surfaces.map(({ surface, state }) => [surface.id, state]));
	return [...groups].flatMap(([group, children], index) => {
		const worst = worstState(children.map((child) => stateOf.get(child.id) ?? "UNKNOWN"));
		const groupComponent: Component = {
			id: groupComponentId(group),
			name: statuspageText(group),
			status: componentStatusOf(worst) ?? "operational",
			created_at: earliest(children.map((child) => child.created_at)),
			updated_at: latest(children.map((child) => child.updated_at)),
			position: index + 1,
			description: null,
			showcase: true,
			start_date: null,
			group_id: null,
			page_id: page.id,
			group: true,
			only_show_if_degraded: false,
			components: children.map((child) => child.id),
		};
		return [groupComponent, ...children];
	});
}

const statusAfter = (status: IncidentStatus, severity: IncidentSeverity): ComponentStatus =>
	status === "resolved" ? "operational" : (componentStatusOf(STATE_OF_SEVERITY[severity]) ?? "operational");

function incidentOf(entry: IncidentWithTimeline, components: ReadonlyMap<string, Component>, page: AtlassianV2Page) {
	const { incident, status, updates } = entry;
	const id = publicIncidentId(incident.id);
	const component = components.get(incident.surfaceId);
	const incidentUpdates = updates.map((update, index): Update => {
		const before = updates[index + 1];
		return {
			id: publicUpdateId(update.incidentId, update.at),
			status: update.status,
			body: statuspageText(update.publicNote ?? ""),
			incident_id: id,
			created_at: update.at,
			updated_at: update.at,
			display_at: update.at,
			affected_components: component
				? [
						{
							code: component.id,
							name: component.name,
							old_status: before ? statusAfter(before.status, before.severity) : "operational",
							new_status: statusAfter(update.status, update.severity),
						},
					]
				: null,
			deliver_notifications: true,
			custom_tweet: null,
			tweet_id: null,
		};
	});
	return {
		id,
		name: statuspageText(incidentName(incident)),
		status,
		created_at: incident.openedAt,
		updated_at: updates[0]?.at ?? incident.openedAt,
		monitoring_at: updates.find((update) => update.status === "monitoring")?.at ?? null,
		resolved_at: incident.resolvedAt,
		impact: IMPACT_OF_SEVERITY[incident.severity],
		shortlink: new URL(incidentPath(id), page.url).href,
		started_at: incident.openedAt,
		page_id: page.id,
		incident_updates: incidentUpdates,
		components: component ? [component] : [],
	};
}

function maintenanceOf(
	row: MaintenanceRow,
	phase: MaintenancePhase,
	components: ReadonlyMap<string, Component>,
	page: AtlassianV2Page,
) {
	const id = publicMaintenanceId(row.id);
	const affected = row.surfaceIds.flatMap((surfaceId) => {
		const component = components.get(surfaceId);
		return component ? [component] : [];
	});
	const unchanged = affected.map(({ id: code, name, status }) => ({
		code,
		name,
		old_status: status,
		new_status: status,
	}));
	return {
		id,
		name: statuspageText(row.title),
		status: phase,
		created_at: row.createdAt,
		updated_at: row.updatedAt,
		monitoring_at: null,
		resolved_at: phase === "completed" ? row.endedAt : null,
		impact: "maintenance" as const,
		shortlink: new URL(PUBLIC_PATHS.maintenances, page.url).href,
		started_at: row.startedAt ?? new Date(row.startsAt).toISOString(),
		page_id: page.id,
		incident_updates: maintenanceAnnouncements(row).map(
			(announcement): Update => ({
				id: announcement.id,
				status: announcement.phase,
				body: statuspageText(announcement.body),
				incident_id: id,
				created_at: announcement.at,
				updated_at: announcement.updatedAt,
				display_at: announcement.at,
				affected_components: unchanged,
				deliver_notifications: true,
				custom_tweet: null,
				tweet_id: null,
			}),
		),
		components: affected,
		scheduled_for: new Date(row.startsAt).toISOString(),
		scheduled_until: new Date(row.endsAt).toISOString(),
	};
}

export type AtlassianV2Incident = ReturnType<typeof incidentOf>;
export type AtlassianV2Maintenance = ReturnType<typeof maintenanceOf>;

/** Everything the v2 endpoints answer, from one snapshot. */
export interface AtlassianV2View {
	page: { id: string; name: string; url: string; time_zone: string; updated_at: string };
	components: Component[];
	/** Newest first: the open ones and the latest 50 (and those of the last 30 days). */
	incidents: AtlassianV2Incident[];
	/** Upcoming soonest first, in progress, completed latest first (cancelled windows are left out). */
	maintenances: AtlassianV2Maintenance[];
	status: { indicator: Impact; description: string };
}

export function atlassianV2View(snapshot: StatusSnapshot, page: AtlassianV2Page, now: Date): AtlassianV2View {
	const components = atlassianV2Components(snapshot, page);
	const byId = new Map(
		components.filter((component) => !component.group).map((component) => [component.id, component]),
	);
	const incidents = snapshot.incidents.map((entry) => incidentOf(entry, byId, page));
	const maintenances = snapshot.maintenances.flatMap((row) => {
		const phase = maintenancePhaseOf(row.status);
		return phase === null ? [] : [maintenanceOf(row, phase, byId, page)];
	});
	const changes = [
		...components.map((component) => component.updated_at),
		...incidents.map((incident) => incident.updated_at),
		...maintenances.map((maintenance) => maintenance.updated_at),
	];
	return {
		page: {
			id: page.id,
			name: statuspageText(page.name),
			url: page.url,
			time_zone: page.timeZone,
			updated_at: changes.length > 0 ? latest(changes) : now.toISOString(),
		},
		components,
		incidents,
		maintenances,
		status: { indicator: snapshot.board.overall.indicator, description: snapshot.board.overall.description },
	};
}
