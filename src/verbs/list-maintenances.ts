import type { PublicReader, Versioned } from "../db/data-version";
import { readPublicMaintenances } from "../db/maintenance/reads";
import type { MaintenanceRow } from "../db/maintenance/rows";
import { roundTrip } from "../db/round-trip";
import type { MaintenanceStatus } from "../domain/vocabulary";

/** How long a completed or cancelled window stays on the public list. */
export const MAINTENANCE_WINDOW_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

const ORDER: Record<MaintenanceStatus, number> = { in_progress: 0, scheduled: 1, completed: 2, cancelled: 2 };

/**
 * What the public page shows of scheduled maintenance: windows in progress, then upcoming ones
 * soonest first, then those completed or cancelled in the last 30 days, latest first.
 */
export async function listMaintenances(reader: PublicReader, now: Date): Promise<Versioned<MaintenanceRow[]>> {
	const { version, rows } = await roundTrip(() => readPublicMaintenances(reader, maintenancesSince(now)));
	return { version, rows: inPublicOrder(rows) };
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
