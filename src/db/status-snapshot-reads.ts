import { incidentFromRaw, type RawIncidentRow } from "./incident-rows";
import { PUBLIC_MAINTENANCES_SQL } from "./maintenance-reads";
import { type MaintenanceRow, maintenanceFromRaw, type RawMaintenanceRow } from "./maintenance-rows";
import { PUBLIC_READ_SQL, type PublicReader, type Versioned } from "./public-reads";
import { type RawSurfaceStateRow, surfaceStateFromRaw } from "./rows";
import type { IncidentRow, SurfaceStateRow } from "./schema";
import { type IncidentUpdateRow, TIMELINE_SQL, updatesFromRaw } from "./timeline-reads";

// Everything the ecosystem's formats (Statuspage's API, the feeds) show, in one D1 batch, as text
// like the other public reads (public-reads.ts).

/**
 * When each surface's state was first recorded (its first audit row; null: never): one seek of
 * status_audit_log_surface_created_idx per id.
 */
export const FIRST_RECORDED_SQL = `SELECT value AS surface_id,
		(SELECT created_at FROM status_audit_log WHERE surface_id = value ORDER BY created_at LIMIT 1) AS first_at
	FROM json_each(?1)`;

export interface StatusSnapshotRows {
	surfaces: SurfaceStateRow[];
	/** When each surface's state was first recorded, by surface id. */
	firstRecorded: Map<string, string>;
	incidents: IncidentRow[];
	/** Each incident's public updates, newest first. */
	updates: Map<number, IncidentUpdateRow[]>;
	maintenances: MaintenanceRow[];
}

export interface SnapshotQuery {
	surfaceIds: readonly string[];
	/** Incidents opened or resolved since are listed. */
	incidentsSinceIso: string;
	/** Maintenance windows ended since are listed. */
	maintenancesSinceIso: string;
	/** How many of the latest incidents are listed whatever their age. */
	latestIncidents: number;
	/** The most updates listed of each incident (the newest). */
	maxUpdates: number;
}

/** The statements of a snapshot read, to be sent in one batch (alone, or with others'). */
export function snapshotStatements(reader: PublicReader, query: SnapshotQuery): D1PreparedStatement[] {
	const ids = JSON.stringify(query.surfaceIds);
	return [
		reader.prepare(PUBLIC_READ_SQL.version.sql).bind(...PUBLIC_READ_SQL.version.params),
		reader.prepare(PUBLIC_READ_SQL.surfaceStates.sql).bind(ids),
		reader.prepare(FIRST_RECORDED_SQL).bind(ids),
		reader.prepare(TIMELINE_SQL.listedIncidents).bind(query.incidentsSinceIso, query.latestIncidents),
		reader.prepare(TIMELINE_SQL.listedUpdates).bind(query.incidentsSinceIso, query.latestIncidents, query.maxUpdates),
		reader.prepare(PUBLIC_MAINTENANCES_SQL).bind(query.maintenancesSinceIso),
	];
}

/** The snapshot's rows, from the results of its statements (in snapshotStatements' order). */
export function snapshotRowsOf(results: readonly (D1Result | undefined)[]): Versioned<StatusSnapshotRows> {
	const [version, states, first, incidents, updates, maintenances] = results;
	const firstRecorded = new Map<string, string>();
	for (const row of (first?.results ?? []) as { surface_id: string; first_at: string | null }[]) {
		if (row.first_at !== null) firstRecorded.set(row.surface_id, row.first_at);
	}
	return {
		version: (version?.results[0] as { version: number } | undefined)?.version ?? 0,
		rows: {
			surfaces: ((states?.results ?? []) as RawSurfaceStateRow[]).map(surfaceStateFromRaw),
			firstRecorded,
			incidents: ((incidents?.results ?? []) as RawIncidentRow[]).map(incidentFromRaw),
			updates: updatesFromRaw(updates),
			maintenances: ((maintenances?.results ?? []) as RawMaintenanceRow[]).map(maintenanceFromRaw),
		},
	};
}

/** The surfaces, incidents with their updates, and maintenance windows, with the data version: one round trip. */
export async function readStatusSnapshot(
	reader: PublicReader,
	query: SnapshotQuery,
): Promise<Versioned<StatusSnapshotRows>> {
	return snapshotRowsOf(await reader.batch(snapshotStatements(reader, query)));
}
