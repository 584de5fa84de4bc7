import type { PublicReader, Versioned } from "../db/data-version";
import { type MaintenanceCounts, readPublicMaintenances } from "../db/maintenance/reads";
import type { MaintenanceRow } from "../db/maintenance/rows";
import { roundTrip } from "../db/round-trip";
import { LISTED_WINDOWS_PER_STATUS } from "../domain/maintenance-window";
import type { MaintenanceStatus } from "../domain/vocabulary";

/** How long a completed or cancelled window stays on the public list. */
export const MAINTENANCE_WINDOW_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

const ORDER: Record<MaintenanceStatus, number> = { in_progress: 0, scheduled: 1, completed: 2, cancelled: 2 };

/** The public list: its windows in public order, and how many of each status it covers in all. */
export interface MaintenanceList extends Versioned<MaintenanceRow[]> {
	totals: MaintenanceCounts;
}

/**
 * What the public page shows of scheduled maintenance: windows in progress, then upcoming ones
 * soonest first, then those completed or cancelled in the last 30 days, latest first; at most
 * LISTED_WINDOWS_PER_STATUS of each status.
 */
export async function listMaintenances(reader: PublicReader, now: Date): Promise<MaintenanceList> {
	const { version, rows } = await roundTrip(() =>
		readPublicMaintenances(reader, maintenancesSince(now), LISTED_WINDOWS_PER_STATUS),
	);
	return { version, rows: inPublicOrder(rows.rows), totals: rows.totals };
}

/** How many windows of each status a list leaves out. */
export function unlistedOf(rows: readonly MaintenanceRow[], totals: MaintenanceCounts): MaintenanceCounts {
	const listed = (status: MaintenanceStatus) => rows.filter((row) => row.status === status).length;
	return {
		in_progress: Math.max(0, totals.in_progress - listed("in_progress")),
		scheduled: Math.max(0, totals.scheduled - listed("scheduled")),
		completed: Math.max(0, totals.completed - listed("completed")),
		cancelled: Math.max(0, totals.cancelled - listed("cancelled")),
	};
}

/** Where the public list's ended windows begin. */
export const maintenancesSince = (now: Date): string =>
	new Date(now.getTime() - MAINTENANCE_WINDOW_DAYS * DAY_MS).toISOString();

/** In progress, then upcoming soonest first, then ended latest first. */
export const inPublicOrder = (rows: readonly MaintenanceRow[]): MaintenanceRow[] =>
	[...rows].sort((a, b) => {
		if (ORDER[a.status] !== ORDER[b.status]) return ORDER[a.status] - ORDER[b.status];
		if (ORDER[a.status] < 2) return a.startsAt - b.startsAt || a.id - b.id;
		return (b.endedAt ?? "").localeCompare(a.endedAt ?? "") || b.id - a.id;
	});
