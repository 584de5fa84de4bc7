import type { MaintenanceRow } from "../db/maintenance/rows";
import type { MaintenancePhase } from "../domain/atlassian-v2-words";
import { publicMaintenanceId } from "../domain/maintenance-id";

/** One public announcement of a maintenance window: its schedule, its start, its completion. */
export interface MaintenanceAnnouncement {
	/** Stable: the window's public id and the phase (mnt_00001_in_progress). */
	id: string;
	phase: MaintenancePhase;
	at: string;
	/** When it last changed: an edit before the start changes the schedule's announcement. */
	updatedAt: string;
	body: string;
}

/**
 * A window's announcements, newest first: scheduled (its note, else its title), in progress
 * (unless the window passed while the cron was not running), completed. A cancelled window has
 * only its schedule's.
 */
export function maintenanceAnnouncements(row: MaintenanceRow): MaintenanceAnnouncement[] {
	const windowId = publicMaintenanceId(row.id);
	const announcement = (phase: MaintenancePhase, at: string, updatedAt: string, body: string) => ({
		id: `${windowId}_${phase}`,
		phase,
		at,
		updatedAt,
		body,
	});
	const scheduleUpdatedAt = row.status === "scheduled" ? row.updatedAt : row.createdAt;
	const announcements = [announcement("scheduled", row.createdAt, scheduleUpdatedAt, row.publicNote ?? row.title)];
	if (row.startedAt !== null) {
		announcements.unshift(
			announcement("in_progress", row.startedAt, row.startedAt, "Scheduled maintenance is in progress."),
		);
	}
	if (row.status === "completed" && row.endedAt !== null) {
		announcements.unshift(announcement("completed", row.endedAt, row.endedAt, "Scheduled maintenance is completed."));
	}
	return announcements;
}
