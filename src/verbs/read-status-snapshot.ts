import {
	readStatusSnapshot as readSnapshotRows,
	type SnapshotHorizon,
	type SnapshotQuery,
	type StatusSnapshotRows,
} from "../db/cross-table/snapshot";
import type { PublicReader, Versioned } from "../db/data-version";
import type { RecentIncidentCounts } from "../db/incidents/reads";
import type { MaintenanceCounts } from "../db/maintenance/reads";
import type { MaintenanceRow } from "../db/maintenance/rows";
import { roundTrip } from "../db/round-trip";
import { supportedInstant } from "../domain/instants";
import { LISTED_WINDOWS_PER_STATUS } from "../domain/maintenance-window";
import { SharedBuild } from "../public-cache/shared-builds";
import {
	INCIDENT_WINDOW_DAYS,
	type IncidentWithTimeline,
	incidentsSince,
	MAX_LISTED_INCIDENTS,
	MAX_LISTED_UPDATES,
	withTimelines,
} from "./list-incidents";
import { inPublicOrder, MAINTENANCE_WINDOW_DAYS, maintenancesSince } from "./list-maintenances";

const DAY_MS = 86_400_000;

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

/** The snapshot rows this isolate read last, kept for reads at the same data version, and when they were read. */
const heldSnapshots = new SharedBuild<{ rows: StatusSnapshotRows; readAt: number }>();
const HELD = "snapshot";

/**
 * The longest held rows answer: a change that no write announces (a row edited by hand, which no
 * trigger counts) is seen within a minute, as in the uptime history.
 */
const HELD_AT_MOST_MS = 60_000;

/**
 * The last instant at which a read lists the same rows as one made when `horizon` was read, at the
 * same data version: before any of its rows leaves its window (Infinity when none can).
 */
function listsSameRowsUntil(horizon: SnapshotHorizon): number {
	const until = (at: string | null, windowDays: number) =>
		at === null ? Number.POSITIVE_INFINITY : (supportedInstant(at)?.getTime() ?? 0) + windowDays * DAY_MS;
	return Math.min(
		until(horizon.incidentResolved, INCIDENT_WINDOW_DAYS),
		until(horizon.incidentOpened, INCIDENT_WINDOW_DAYS),
		until(horizon.maintenanceEnded, MAINTENANCE_WINDOW_DAYS),
	);
}

/** The snapshot rows this isolate holds, if a read now would list the same rows at their version. */
export function heldSnapshotRows(now: Date): Versioned<StatusSnapshotRows> | null {
	const held = heldSnapshots.held(HELD);
	if (!held) return null;
	const until = Math.min(listsSameRowsUntil(held.value.rows.horizon), held.value.readAt + HELD_AT_MOST_MS);
	return now.getTime() <= until ? { version: held.version, rows: held.value.rows } : null;
}

/**
 * The rows of a snapshot read at `now` sent with `held`'s version: `held` when the data is still at
 * it (the read's own statements then returned nothing), else the rows read, held from now on.
 */
export function snapshotRowsAfter(
	read: Versioned<StatusSnapshotRows>,
	held: Versioned<StatusSnapshotRows> | null,
	now: Date,
): Versioned<StatusSnapshotRows> {
	if (held && read.version === held.version) return held;
	heldSnapshots.offer(HELD, { version: read.version, value: { rows: read.rows, readAt: now.getTime() } });
	return read;
}

/**
 * The snapshot, in one D1 round trip, which reads only the surfaces' states when this isolate
 * holds the rows of a read at the same data version that still lists the same rows.
 */
export async function readStatusSnapshot(reader: PublicReader, now: Date): Promise<StatusSnapshot> {
	const held = heldSnapshotRows(now);
	const read = await roundTrip(() => readSnapshotRows(reader, snapshotQuery(now), held?.version ?? null));
	return snapshotOf(snapshotRowsAfter(read, held, now));
}
