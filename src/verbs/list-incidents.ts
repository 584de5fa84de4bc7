import { type PublicReader, readRecentIncidents, type Versioned } from "../db/public-reads";
import { roundTrip } from "../db/round-trip";
import type { IncidentRow } from "../db/schema";

export const INCIDENT_WINDOW_DAYS = 30;

/**
 * What the public page shows: incidents still open, and those opened or resolved in the window,
 * newest first.
 */
export async function listRecentIncidents(reader: PublicReader, now: Date): Promise<Versioned<IncidentRow[]>> {
	const since = new Date(now.getTime() - INCIDENT_WINDOW_DAYS * 24 * 60 * 60 * 1000);
	const { version, rows } = await roundTrip(() => readRecentIncidents(reader, since.toISOString()));
	rows.sort((a, b) => (a.openedAt === b.openedAt ? b.id - a.id : a.openedAt < b.openedAt ? 1 : -1));
	return { version, rows };
}
