import type { PublicReader, Versioned } from "../db/data-version";
import { type RecentIncidentCounts, readIncident, readRecentIncidents } from "../db/incidents/reads";
import type { IncidentUpdateRow } from "../db/incidents/updates";
import { roundTrip } from "../db/round-trip";
import type { IncidentRow, SurfaceStateRow } from "../db/schema";
import type { IncidentStatus } from "../domain/vocabulary";

export const INCIDENT_WINDOW_DAYS = 30;

/** The most updates each incident of the list carries (the newest); one incident's route pages through them all. */
export const MAX_LISTED_UPDATES = 50;

/**
 * The most incidents a public list carries (the incidents JSON, Statuspage's API, the feeds): the
 * open ones first (the latest opened), then the latest resolved; the others are counted, not listed.
 * Helpdesk tickets create incidents, one per ticket and component, without a bound of their own.
 */
export const MAX_LISTED_INCIDENTS = 50;

/** An incident as the public sees it: its row, where it stands, and its updates, newest first. */
export interface IncidentWithTimeline {
	incident: IncidentRow;
	status: IncidentStatus;
	updates: IncidentUpdateRow[];
}

/**
 * An incident recorded without a timeline (one written by hand, say) reads as one update: where it
 * stands now. Migration 0007 gave every incident of its day that update.
 */
function withTimeline(incident: IncidentRow, updates: IncidentUpdateRow[] | undefined): IncidentWithTimeline {
	const timeline =
		updates && updates.length > 0
			? updates
			: [
					{
						incidentId: incident.id,
						at: incident.freescoutUpdatedAt ?? incident.resolvedAt ?? incident.openedAt,
						status: incident.resolvedAt === null ? ("investigating" as const) : ("resolved" as const),
						severity: incident.severity,
						publicNote: incident.publicNote,
					},
				];
	return { incident, status: (timeline[0] as IncidentUpdateRow).status, updates: timeline };
}

/** The public incident list: its incidents, and how many open and other ones it leaves out. */
export interface IncidentList extends Versioned<IncidentWithTimeline[]> {
	unlisted: RecentIncidentCounts;
}

/**
 * The public incident list: of the incidents still open and those opened or resolved in the
 * window, the MAX_LISTED_INCIDENTS most relevant (open first), newest first, each with its newest
 * updates; and how many it leaves out.
 */
export async function listIncidents(reader: PublicReader, now: Date): Promise<IncidentList> {
	const { version, rows } = await roundTrip(() =>
		readRecentIncidents(reader, incidentsSince(now), {
			maxIncidents: MAX_LISTED_INCIDENTS,
			maxUpdates: MAX_LISTED_UPDATES,
		}),
	);
	return {
		version,
		rows: withTimelines(rows.incidents, rows.updates),
		unlisted: unlistedIncidents(rows.incidents, rows.totals),
	};
}

/** How many open and other incidents of `totals` a list of `listed` leaves out. */
export function unlistedIncidents(
	listed: readonly Pick<IncidentRow, "resolvedAt">[],
	totals: RecentIncidentCounts,
): RecentIncidentCounts {
	const open = listed.filter((incident) => incident.resolvedAt === null).length;
	return {
		open: Math.max(0, totals.open - open),
		resolved: Math.max(0, totals.resolved - (listed.length - open)),
	};
}

/** Where the public incident window begins. */
export const incidentsSince = (now: Date): string =>
	new Date(now.getTime() - INCIDENT_WINDOW_DAYS * 24 * 60 * 60 * 1000).toISOString();

/** The incidents, newest first, each with its timeline. */
export const withTimelines = (
	incidents: readonly IncidentRow[],
	updates: ReadonlyMap<number, IncidentUpdateRow[]>,
): IncidentWithTimeline[] => newestFirst(incidents).map((incident) => withTimeline(incident, updates.get(incident.id)));

/** Incidents, the latest opened first (the later id first when opened together). */
export const newestFirst = (incidents: readonly IncidentRow[]): IncidentRow[] =>
	[...incidents].sort((a, b) => (a.openedAt === b.openedAt ? b.id - a.id : a.openedAt < b.openedAt ? 1 : -1));

/**
 * The most updates one page of an incident's timeline shows (its own route and page), newest
 * first; a cursor (`?before=`, the time of the page's last update) reads the older ones.
 */
export const INCIDENT_UPDATES_PER_PAGE = 50;

/** One incident and one page of its timeline; `olderBefore` is the cursor of the next (null: none). */
export interface IncidentTimelinePage extends IncidentWithTimeline {
	olderBefore: string | null;
	/** The current state of the surface the incident affects (null: none recorded). */
	surfaceState: SurfaceStateRow | null;
}

export type FoundIncident =
	| { kind: "found"; page: IncidentTimelinePage }
	| { kind: "no_incident" }
	| { kind: "unknown_cursor" };

/**
 * One incident with one page of its timeline: the newest updates, or (`before`, the time of an
 * update of it) the ones older than that; in one round trip.
 */
export async function findIncident(
	reader: PublicReader,
	id: number,
	before: string | null = null,
): Promise<Versioned<FoundIncident>> {
	const size = INCIDENT_UPDATES_PER_PAGE;
	const { version, rows } = await roundTrip(() => readIncident(reader, id, { before, size }));
	if (rows.incident === null) return { version, rows: { kind: "no_incident" } };
	if (!rows.cursorKnown) return { version, rows: { kind: "unknown_cursor" } };
	const shown = rows.updates.slice(0, size);
	const olderBefore = rows.updates.length > size ? (shown.at(-1)?.at ?? null) : null;
	const entry =
		before === null
			? withTimeline(rows.incident, shown)
			: {
					incident: rows.incident,
					status: rows.latestStatus ?? withTimeline(rows.incident, []).status,
					updates: shown,
				};
	return { version, rows: { kind: "found", page: { ...entry, olderBefore, surfaceState: rows.surfaceState } } };
}
