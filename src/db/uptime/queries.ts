// The uptime history's SQL (schema.ts: status_uptime_days and status_uptime_fold). Every query
// here is an index range or a primary-key lookup: test/worker/query-plans.test.ts holds them to it
// with EXPLAIN QUERY PLAN.

/** Where the live part of a history starts: the end of the zone's rollup, if it reaches into the window. */
const LIVE_SINCE = `(SELECT max(?1, coalesce((SELECT folded_through FROM status_uptime_fold WHERE time_zone = ?2), ?1)))`;

/**
 * The created_at of the ?5-th newest audit row of the given surfaces after LIVE_SINCE, if there
 * are that many: an index range read of at most ?5 entries, newest first. The index is named
 * because the planner may otherwise take the surface index and sort every live row.
 */
const TAIL_CUT = `(SELECT created_at FROM status_audit_log INDEXED BY status_audit_log_created_idx
	WHERE created_at >= ${LIVE_SINCE} AND created_at < ?4 AND surface_id IN (SELECT value FROM json_each(?3))
	ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?5 - 1)`;

/** Where a read's live part starts: LIVE_SINCE, or later when more than ?5 rows follow it. */
const LIVE_FROM = `(SELECT max(${LIVE_SINCE}, coalesce(${TAIL_CUT}, ${LIVE_SINCE})))`;

/**
 * Each surface's state just before an instant: its latest audit row before it, one index seek
 * per surface (status_audit_log_surface_created_idx; the rowid breaks ties, as it does everywhere).
 */
const stateBefore = (instant: string) => `SELECT ids.value AS surface_id,
	(SELECT new_state FROM status_audit_log
		WHERE surface_id = ids.value AND created_at < ${instant}
		ORDER BY created_at DESC, id DESC LIMIT 1) AS new_state
	FROM json_each(?3) AS ids`;

/** Audit rows of the given surfaces in [since, until), in the order they apply. */
const changesBetween = (since: string, until: string) => `SELECT surface_id, new_state, created_at
	FROM status_audit_log
	WHERE created_at >= ${since} AND created_at < ${until} AND surface_id IN (SELECT value FROM json_each(?3))
	ORDER BY created_at, id`;

const INCIDENT_SPAN_COLUMNS = "id, surface_id, opened_at, resolved_at";

export const UPTIME_SQL = {
	foldedThrough: "SELECT folded_through FROM status_uptime_fold WHERE time_zone = ?1",
	// A history read's statements (history.ts sends them limited by unlessAtHeldVersion).
	// ?1 zone, ?2 first date, ?3 surface ids, ?4 the day after the last date; ?5 the rollup whose
	// days the reader holds, ?6 the date of the fold point they were read at and ?7 that fold point
	// (NULL: none held): while the zone's rollup is still that one, and its fold point no earlier
	// (a replica may lag behind the one the days came from), only the days from ?6 on are read.
	rolledDays: `SELECT surface_id, date, operational_ms, degraded_ms, partial_ms, down_ms, maintenance_ms, unknown_ms, worst
		FROM status_uptime_days
		WHERE time_zone = ?1 AND date < ?4 AND surface_id IN (SELECT value FROM json_each(?3))
			AND date >= (CASE WHEN ?5 IS NOT NULL AND EXISTS (SELECT 1 FROM status_uptime_fold
					WHERE time_zone = ?1 AND rollup_id IS ?5 AND folded_through >= ?7)
				THEN max(?2, ?6) ELSE ?2 END)`,
	// ?1 zone, ?2 date, ?3 surface ids: the day a fold continues.
	rolledDay: `SELECT surface_id, date, operational_ms, degraded_ms, partial_ms, down_ms, maintenance_ms, unknown_ms, worst
		FROM status_uptime_days
		WHERE time_zone = ?1 AND date = ?2 AND surface_id IN (SELECT value FROM json_each(?3))`,
	// ?1 window start, ?2 zone, ?3 surface ids, ?4 window end, ?5 the most live rows to read.
	liveBounds: `SELECT ${LIVE_SINCE} AS rolled_through, ${LIVE_FROM} AS live_from,
		(SELECT folded_through FROM status_uptime_fold WHERE time_zone = ?2) AS folded_through,
		(SELECT rollup_id FROM status_uptime_fold WHERE time_zone = ?2) AS rollup_id`,
	liveStateBefore: stateBefore(LIVE_FROM),
	liveChanges: changesBetween(LIVE_FROM, "?4"),
	// ?1 window start, ?2 window end, ?3 surface ids: open incidents, and those resolved in the window.
	incidentSpans: `SELECT ${INCIDENT_SPAN_COLUMNS} FROM status_incidents
		WHERE resolved_at IS NULL AND opened_at < ?2 AND surface_id IN (SELECT value FROM json_each(?3))
		UNION ALL
		SELECT ${INCIDENT_SPAN_COLUMNS} FROM status_incidents
		WHERE resolved_at >= ?1 AND opened_at < ?2 AND surface_id IN (SELECT value FROM json_each(?3))`,
	// The fold's input. ?1 first instant, ?2 end, ?3 surface ids.
	foldStateBefore: stateBefore("?1"),
	foldChanges: changesBetween("?1", "?2"),
} as const;
