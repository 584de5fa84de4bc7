import type { IncidentEventRow, RawRow, statusIncidentEvents } from "../schema";
import { INCIDENT_COLUMNS_WITH_TITLE } from "./rows";

// The incident timeline's reads, as text like every public read (data-version.ts): they run on
// cache misses before the router is loaded.

/** One public update: an event whose status, severity or note differs from the event before it. */
export type IncidentUpdateRow = Pick<IncidentEventRow, "incidentId" | "at" | "status" | "severity" | "publicNote">;

type RawUpdateRow = Pick<
	RawRow<typeof statusIncidentEvents>,
	"incident_id" | "at" | "status" | "severity" | "public_note"
>;

/**
 * The public updates of the incidents `incidents` selects (a subquery of incident ids), newest
 * first, at most `?limit` of each: the events in ticket time, each compared with the one before
 * it (one walk of status_incident_events_incident_at_idx per incident).
 */
const shownCte = (incidents: string) => `WITH events AS (
		SELECT incident_id, at, status, severity, public_note,
			lag(at) OVER timeline AS previous_at,
			lag(status) OVER timeline AS previous_status,
			lag(severity) OVER timeline AS previous_severity,
			lag(public_note) OVER timeline AS previous_note
		FROM status_incident_events
		WHERE incident_id IN (${incidents})
		WINDOW timeline AS (PARTITION BY incident_id ORDER BY at)
	), shown AS (
		SELECT incident_id, at, status, severity, public_note,
			row_number() OVER (PARTITION BY incident_id ORDER BY at DESC) AS newest
		FROM events
		WHERE previous_at IS NULL OR status IS NOT previous_status OR severity IS NOT previous_severity
			OR public_note IS NOT previous_note
	)`;

const shownUpdates = (incidents: string, limit: string) => `${shownCte(incidents)}
	SELECT incident_id, at, status, severity, public_note FROM shown WHERE newest <= ${limit}
	ORDER BY incident_id, at DESC`;

/**
 * The ids of the `limit` (the parameter named) most relevant recent incidents, as
 * RECENT_INCIDENTS_SQL (reads.ts) selects them (?1: since), with `extra` branches: open first
 * (the latest opened), then the latest resolved, ties in index order (the latest opened, then the
 * greater id); each branch walks an index from its end and stops
 * after `limit` rows.
 */
const relevantIds = (limit: string, extra: readonly string[] = []) => `SELECT id FROM (
	SELECT id, resolved_at, opened_at FROM (SELECT id, resolved_at, opened_at FROM status_incidents WHERE resolved_at IS NULL
		ORDER BY opened_at DESC LIMIT ${limit})
	UNION SELECT id, resolved_at, opened_at FROM (SELECT id, resolved_at, opened_at FROM status_incidents WHERE resolved_at >= ?1
		ORDER BY resolved_at DESC LIMIT ${limit})
	UNION SELECT id, resolved_at, opened_at FROM (SELECT id, resolved_at, opened_at FROM status_incidents WHERE opened_at >= ?1
		AND +resolved_at < ?1 ORDER BY opened_at DESC LIMIT ${limit})
	${extra.map((branch) => `UNION ${branch}`).join("\n\t")}
	ORDER BY resolved_at DESC NULLS FIRST, opened_at DESC, id DESC LIMIT ${limit})`;

/**
 * The incidents the ecosystem's formats list (the atlassian-v2 API, the feeds, the page): the
 * recent ones, and the `?2` most recently opened whatever their age (a walk of
 * status_incidents_opened_idx from its end); at most `?3`, the open ones first.
 */
const LISTED_INCIDENT_IDS = relevantIds("?3", [
	"SELECT id, resolved_at, opened_at FROM status_incidents WHERE id IN (SELECT id FROM status_incidents ORDER BY opened_at DESC LIMIT ?2)",
]);

export const TIMELINE_SQL = {
	/** ?1 since, ?2 the most updates per incident, ?3 the most incidents. */
	recentUpdates: shownUpdates(relevantIds("?3"), "?2"),
	/**
	 * ?1 since: how many incidents RECENT_INCIDENTS_SQL (reads.ts) covers, listed or not - the open
	 * ones and the others - counted on the indexes it walks.
	 */
	recentCounts: `SELECT
		(SELECT count(*) FROM status_incidents WHERE resolved_at IS NULL) AS open,
		(SELECT count(*) FROM status_incidents WHERE resolved_at >= ?1)
			+ (SELECT count(*) FROM status_incidents WHERE opened_at >= ?1 AND +resolved_at < ?1) AS resolved`,
	/** ?1 since, ?2 how many of the latest incidents, ?3 the most incidents. */
	listedIncidents: `SELECT ${INCIDENT_COLUMNS_WITH_TITLE} FROM status_incidents WHERE id IN (${LISTED_INCIDENT_IDS})`,
	/** ?1 since, ?2 how many of the latest incidents, ?3 the most incidents, ?4 the most updates per incident. */
	listedUpdates: shownUpdates(LISTED_INCIDENT_IDS, "?4"),
	/** ?1 the incident's id, ?2 the time the updates are older than (null: the newest), ?3 how many. */
	incidentUpdatesPage: `${shownCte("?1")}
	SELECT incident_id, at, status, severity, public_note FROM shown WHERE ?2 IS NULL OR at < ?2
	ORDER BY at DESC LIMIT ?3`,
	/** ?1 the incident's id: its latest event's status (the latest update's: an unchanged event repeats it). */
	incidentStatus: "SELECT status FROM status_incident_events WHERE incident_id = ?1 ORDER BY at DESC LIMIT 1",
	/** ?1 the incident's id, ?2 a time: whether one of its events has it (a page cursor names one). */
	incidentEventAt: "SELECT 1 AS known FROM status_incident_events WHERE incident_id = ?1 AND at = ?2",
	incidentById: `SELECT ${INCIDENT_COLUMNS_WITH_TITLE} FROM status_incidents WHERE id = ?1`,
	/** ?1 the incident's id: the current state row of the surface it affects (a primary-key lookup). */
	incidentSurfaceState: `SELECT * FROM surface_state
		WHERE surface_id = (SELECT surface_id FROM status_incidents WHERE id = ?1)`,
} as const;

export function updatesFromRaw(results: D1Result | undefined): Map<number, IncidentUpdateRow[]> {
	const updates = new Map<number, IncidentUpdateRow[]>();
	for (const row of (results?.results ?? []) as RawUpdateRow[]) {
		const list = updates.get(row.incident_id) ?? [];
		list.push({
			incidentId: row.incident_id,
			at: row.at,
			status: row.status,
			severity: row.severity,
			publicNote: row.public_note,
		});
		updates.set(row.incident_id, list);
	}
	return updates;
}
