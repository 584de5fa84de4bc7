import { FIRST_RECORDED_SQL, firstRecordedOf } from "../audit/first-recorded";
import { type PublicReader, readVersioned, type Versioned } from "../data-version";
import { type RecentIncidentCounts, recentCountsOf } from "../incidents/reads";
import { incidentFromRaw, type RawIncidentRow } from "../incidents/rows";
import { type IncidentUpdateRow, TIMELINE_SQL, updatesFromRaw } from "../incidents/updates";
import { type MaintenanceCounts, publicMaintenancesOf, publicMaintenancesStatements } from "../maintenance/reads";
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

/** The statements of a snapshot read, to be sent in one batch (alone, or with others'). */
export function snapshotStatements(reader: PublicReader, query: SnapshotQuery): D1PreparedStatement[] {
	return [
		surfaceStatesStatement(reader, query.surfaceIds),
		reader.prepare(FIRST_RECORDED_SQL).bind(JSON.stringify(query.surfaceIds)),
		reader
			.prepare(TIMELINE_SQL.listedIncidents)
			.bind(query.incidentsSinceIso, query.latestIncidents, query.maxIncidents),
		reader
			.prepare(TIMELINE_SQL.listedUpdates)
			.bind(query.incidentsSinceIso, query.latestIncidents, query.maxIncidents, query.maxUpdates),
		reader.prepare(TIMELINE_SQL.recentCounts).bind(query.incidentsSinceIso),
		...publicMaintenancesStatements(reader, query.maintenancesSinceIso, query.maintenancesPerStatus),
	];
}

/** The snapshot's rows, from the results of its statements (in snapshotStatements' order). */
export function snapshotRowsOf(results: readonly (D1Result | undefined)[]): StatusSnapshotRows {
	const [states, first, incidents, updates, incidentCounts, maintenances, maintenanceCounts] = results;
	const windows = publicMaintenancesOf(maintenances, maintenanceCounts);
	return {
		surfaces: surfaceStatesOf(states),
		firstRecorded: firstRecordedOf(first),
		incidents: ((incidents?.results ?? []) as RawIncidentRow[]).map(incidentFromRaw),
		incidentTotals: recentCountsOf(incidentCounts),
		updates: updatesFromRaw(updates),
		maintenances: windows.rows,
		maintenanceTotals: windows.totals,
	};
}

/** The surfaces, incidents with their updates, and maintenance windows, with the data version: one round trip. */
export async function readStatusSnapshot(
	reader: PublicReader,
	query: SnapshotQuery,
): Promise<Versioned<StatusSnapshotRows>> {
	return readVersioned(reader, snapshotStatements(reader, query), snapshotRowsOf);
}
