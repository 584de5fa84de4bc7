import {
	readStatusSnapshot as readSnapshotRows,
	type SnapshotQuery,
	type StatusSnapshotRows,
} from "../db/cross-table/snapshot";
import type { PublicReader, Versioned } from "../db/data-version";
import type { RecentIncidentCounts } from "../db/incidents/reads";
import type { MaintenanceCounts } from "../db/maintenance/reads";
import type { MaintenanceRow } from "../db/maintenance/rows";
import { roundTrip } from "../db/round-trip";
import { LISTED_WINDOWS_PER_STATUS } from "../domain/maintenance-window";
import {
	type IncidentWithTimeline,
	incidentsSince,
	MAX_LISTED_INCIDENTS,
	MAX_LISTED_UPDATES,
	withTimelines,
} from "./list-incidents";
import { inPublicOrder, maintenancesSince } from "./list-maintenances";
import { boardOf, type StatusBoard, SURFACE_IDS } from "./list-surfaces";

/** How many of the latest incidents the ecosystem's formats list whatever their age (Statuspage's 50). */
export const LATEST_INCIDENTS = 50;

/** The whole public status at one data version: what Statuspage's API and the feeds are made of. */
export interface StatusSnapshot {
	version: number;
	board: StatusBoard;
	/** When each surface's state was first recorded (absent: never). */
	firstRecorded: ReadonlyMap<string, string>;
	/**
	 * Newest first, the MAX_LISTED_INCIDENTS most relevant (open first, then the latest resolved) of
	 * those open, those opened or resolved in the public window, and the LATEST_INCIDENTS most
	 * recently opened; each with its newest updates.
	 */
	incidents: IncidentWithTimeline[];
	/** How many incidents are open, and how many others were opened or resolved in the public window, listed or not. */
	incidentTotals: RecentIncidentCounts;
	/** As the public maintenance list orders them, at most LISTED_WINDOWS_PER_STATUS of each status. */
	maintenances: MaintenanceRow[];
	/** How many windows of each status there are, listed or not. */
	maintenanceTotals: MaintenanceCounts;
}

/** What a snapshot read asks for at an instant. */
export const snapshotQuery = (now: Date): SnapshotQuery => ({
	surfaceIds: SURFACE_IDS,
	incidentsSinceIso: incidentsSince(now),
	maintenancesSinceIso: maintenancesSince(now),
	maintenancesPerStatus: LISTED_WINDOWS_PER_STATUS,
	latestIncidents: LATEST_INCIDENTS,
	maxIncidents: MAX_LISTED_INCIDENTS,
	maxUpdates: MAX_LISTED_UPDATES,
});

/** The snapshot, from its rows. */
export function snapshotOf({ version, rows }: Versioned<StatusSnapshotRows>): StatusSnapshot {
	return {
		version,
		board: boardOf(rows.surfaces, version),
		firstRecorded: rows.firstRecorded,
		incidents: withTimelines(rows.incidents, rows.updates),
		incidentTotals: rows.incidentTotals,
		maintenances: inPublicOrder(rows.maintenances),
		maintenanceTotals: rows.maintenanceTotals,
	};
}

/** The snapshot, in one D1 round trip. */
export async function readStatusSnapshot(reader: PublicReader, now: Date): Promise<StatusSnapshot> {
	return snapshotOf(await roundTrip(() => readSnapshotRows(reader, snapshotQuery(now))));
}
