import { FIRST_RECORDED_SQL, firstRecordedOf } from "../audit/first-recorded";
import { type PublicReader, readVersioned, type Versioned } from "../data-version";
import { unlessAtHeldVersion, withHeldVersion } from "../held-version";
import { type RecentIncidentCounts, recentCountsOf } from "../incidents/reads";
import { incidentFromRaw, type RawIncidentRow } from "../incidents/rows";
import { type IncidentUpdateRow, TIMELINE_SQL, updatesFromRaw } from "../incidents/updates";
import {
	type MaintenanceCounts,
	PUBLIC_MAINTENANCE_COUNTS_SQL,
	PUBLIC_MAINTENANCES_SQL,
	publicMaintenancesOf,
} from "../maintenance/reads";
import type { MaintenanceRow } from "../maintenance/rows";
import type { IncidentRow, SurfaceStateRow } from "../schema";
import { surfaceStatesOf, surfaceStatesStatement } from "../surfaces/reads";

// Everything the ecosystem's formats (the atlassian-v2 API, the feeds) show, across the tables, in
// one D1 batch, as text like every public read (data-version.ts).

export interface StatusSnapshotRows {
	surfaces: SurfaceStateRow[];
	/** When each surface's state was first recorded, by surface id. */
	firstRecorded: Map<string, string>;
	/** At most `maxIncidents`, the open ones first. */
	incidents: IncidentRow[];
	/** How many open and other incidents there are since `incidentsSinceIso`, listed or not. */
	incidentTotals: RecentIncidentCounts;
	/** Each incident's public updates, newest first. */
	updates: Map<number, IncidentUpdateRow[]>;
	/** At most `maintenancesPerStatus` of each status. */
	maintenances: MaintenanceRow[];
	/** How many windows of each status the public list covers, listed or not. */
	maintenanceTotals: MaintenanceCounts;
	/** The earliest times that decide when a row leaves a window as time passes (SNAPSHOT_HORIZON_SQL). */
	horizon: SnapshotHorizon;
}

/**
 * The earliest of the times that keep a row in a window of the snapshot (null: no such row): an
 * incident stays while resolved, or opened unresolved-before, at or after its window's start; a
 * completed or cancelled maintenance window while it ended at or after its list's start. Until the
 * first of them leaves its window, a later read at the same data version lists the same rows.
 */
export interface SnapshotHorizon {
	incidentResolved: string | null;
	incidentOpened: string | null;
	maintenanceEnded: string | null;
}

/** ?1 the incidents' window start, ?2 the maintenance list's: index seeks (the windows' own ranges). */
const SNAPSHOT_HORIZON_SQL = `SELECT
	(SELECT min(resolved_at) FROM status_incidents WHERE resolved_at >= ?1) AS incident_resolved,
	(SELECT min(opened_at) FROM status_incidents WHERE opened_at >= ?1 AND +resolved_at < ?1) AS incident_opened,
	(SELECT min(ended_at) FROM status_maintenances INDEXED BY status_maintenances_status_ended_idx
		WHERE status = 'completed' AND ended_at >= ?2) AS completed_ended,
	(SELECT min(ended_at) FROM status_maintenances INDEXED BY status_maintenances_status_ended_idx
		WHERE status = 'cancelled' AND ended_at >= ?2) AS cancelled_ended`;

interface RawHorizon {
	incident_resolved: string | null;
	incident_opened: string | null;
	completed_ended: string | null;
	cancelled_ended: string | null;
}

function horizonOf(result: D1Result | undefined): SnapshotHorizon {
	const row = result?.results[0] as RawHorizon | undefined;
	const ended = [row?.completed_ended, row?.cancelled_ended].filter((at): at is string => typeof at === "string");
	return {
		incidentResolved: row?.incident_resolved ?? null,
		incidentOpened: row?.incident_opened ?? null,
		maintenanceEnded: ended.sort()[0] ?? null,
	};
}

export interface SnapshotQuery {
	surfaceIds: readonly string[];
	/** Incidents opened or resolved since are listed. */
	incidentsSinceIso: string;
	/** Maintenance windows ended since are listed. */
	maintenancesSinceIso: string;
	/** The most windows of each status listed. */
	maintenancesPerStatus: number;
	/** How many of the latest incidents are listed whatever their age. */
	latestIncidents: number;
	/** The most incidents listed in all. */
	maxIncidents: number;
	/** The most updates listed of each incident (the newest). */
	maxUpdates: number;
}

/**
 * The statements of a snapshot read, to be sent in one batch (alone, or with others'). Given the
 * version of snapshot rows already held, all but the cheap first two return no rows when the data
 * is still at that version (held-version.ts).
 */
export function snapshotStatements(
	reader: PublicReader,
	query: SnapshotQuery,
	heldVersion: number | null = null,
): D1PreparedStatement[] {
	const unlessHeld = (sql: string, values: readonly unknown[]) =>
		reader.prepare(unlessAtHeldVersion(sql)).bind(...withHeldVersion(values, heldVersion));
	const incidentsSince = query.incidentsSinceIso;
	const maintenancesSince = query.maintenancesSinceIso;
	return [
		surfaceStatesStatement(reader, query.surfaceIds),
		// Audit rows are public changes (their inserts and deletes bump the version): held with the rest.
		unlessHeld(FIRST_RECORDED_SQL, [JSON.stringify(query.surfaceIds)]),
		unlessHeld(TIMELINE_SQL.listedIncidents, [incidentsSince, query.latestIncidents, query.maxIncidents]),
		unlessHeld(TIMELINE_SQL.listedUpdates, [
			incidentsSince,
			query.latestIncidents,
			query.maxIncidents,
			query.maxUpdates,
		]),
		unlessHeld(TIMELINE_SQL.recentCounts, [incidentsSince]),
		unlessHeld(PUBLIC_MAINTENANCES_SQL, [maintenancesSince, query.maintenancesPerStatus]),
		unlessHeld(PUBLIC_MAINTENANCE_COUNTS_SQL, [maintenancesSince]),
		unlessHeld(SNAPSHOT_HORIZON_SQL, [incidentsSince, maintenancesSince]),
	];
}

/** The snapshot's rows, from the results of its statements (in snapshotStatements' order). */
export function snapshotRowsOf(results: readonly (D1Result | undefined)[]): StatusSnapshotRows {
	const [states, first, incidents, updates, incidentCounts, maintenances, maintenanceCounts, horizon] = results;
	const windows = publicMaintenancesOf(maintenances, maintenanceCounts);
	return {
		surfaces: surfaceStatesOf(states),
		firstRecorded: firstRecordedOf(first),
		incidents: ((incidents?.results ?? []) as RawIncidentRow[]).map(incidentFromRaw),
		incidentTotals: recentCountsOf(incidentCounts),
		updates: updatesFromRaw(updates),
		maintenances: windows.rows,
		maintenanceTotals: windows.totals,
		horizon: horizonOf(horizon),
	};
}

/** The surfaces, incidents with their updates, and maintenance windows, with the data version: one round trip. */
export async function readStatusSnapshot(
	reader: PublicReader,
	query: SnapshotQuery,
	heldVersion: number | null = null,
): Promise<Versioned<StatusSnapshotRows>> {
	return readVersioned(reader, snapshotStatements(reader, query, heldVersion), snapshotRowsOf);
}
