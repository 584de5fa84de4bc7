import type { MaintenanceRow } from "../db/maintenance/rows";
import type { MaintenancePhase } from "../domain/atlassian-v2-words";
import { publicMaintenanceId } from "../domain/maintenance-id";
import type { AnnouncedPhase } from "../domain/state-words";

/** One public announcement of a maintenance window: its schedule, its start, its completion. */
export interface MaintenanceAnnouncement<Phase extends AnnouncedPhase = MaintenancePhase> {
	/** Stable: the window's public id and the phase (mnt_00001_in_progress). */
	id: string;
	phase: Phase;
	at: string;
	/** When it last changed: an edit before the start changes the schedule's announcement. */
	updatedAt: string;
	body: string;
}

/**
 * A window's announcements, newest first: scheduled (its note, else its title), in progress
 * (unless the window passed while the cron was not running), completed: Statuspage's phases
 * (a cancelled window's cancellation is in maintenanceLife).
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

/**
 * A window's whole life as the feeds announce it, newest first: its announcements and, once it is
 * cancelled, its cancellation (before its start: it will not happen; in progress: it ended early).
 * Statuspage's format has no cancelled phase: its JSON leaves cancelled windows out instead.
 */
export function maintenanceLife(row: MaintenanceRow): MaintenanceAnnouncement<AnnouncedPhase>[] {
	const announcements: MaintenanceAnnouncement<AnnouncedPhase>[] = maintenanceAnnouncements(row);
	if (row.status !== "cancelled" || row.endedAt === null) return announcements;
	const body =
		row.startedAt === null
			? "Scheduled maintenance is cancelled: it will not take place."
			: "Scheduled maintenance is cancelled: it ended early.";
	return [
		{
			id: `${publicMaintenanceId(row.id)}_cancelled`,
			phase: "cancelled",
			at: row.endedAt,
			updatedAt: row.endedAt,
			body,
		},
		...announcements,
	];
}
