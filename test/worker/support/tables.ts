import { env } from "cloudflare:workers";
import { invalidatePublicReads } from "../../../src/public-cache/invalidate";

export interface Tables {
	surface_state: Record<string, unknown>[];
	status_incidents: Record<string, unknown>[];
	status_audit_log: Record<string, unknown>[];
	surface_checks: Record<string, unknown>[];
	status_uptime_days: Record<string, unknown>[];
	status_uptime_fold: Record<string, unknown>[];
	status_incident_events: Record<string, unknown>[];
	status_incident_titles: Record<string, unknown>[];
	status_maintenances: Record<string, unknown>[];
	status_job_runs: Record<string, unknown>[];
	notification_subscribers: Record<string, unknown>[];
	notification_events: Record<string, unknown>[];
	notification_deliveries: Record<string, unknown>[];
	notification_audit_log: Record<string, unknown>[];
}

/** Every row of every table, in a stable order, to compare before and after a request. */
export async function readTables(): Promise<Tables> {
	const [
		surfaces,
		incidents,
		audit,
		checks,
		uptimeDays,
		uptimeFold,
		incidentEvents,
		incidentTitles,
		maintenances,
		jobRuns,
		subscribers,
		events,
		deliveries,
		notificationAudit,
	] = await env.DB.batch<Record<string, unknown>>([
		env.DB.prepare("SELECT * FROM surface_state ORDER BY surface_id"),
		env.DB.prepare("SELECT * FROM status_incidents ORDER BY id"),
		env.DB.prepare("SELECT * FROM status_audit_log ORDER BY id"),
		env.DB.prepare("SELECT * FROM surface_checks ORDER BY surface_id"),
		env.DB.prepare("SELECT * FROM status_uptime_days ORDER BY time_zone, date, surface_id"),
		env.DB.prepare("SELECT * FROM status_uptime_fold ORDER BY time_zone"),
		env.DB.prepare("SELECT * FROM status_incident_events ORDER BY id"),
		env.DB.prepare("SELECT * FROM status_incident_titles ORDER BY incident_id"),
		env.DB.prepare("SELECT * FROM status_maintenances ORDER BY id"),
		env.DB.prepare("SELECT * FROM status_job_runs ORDER BY job"),
		env.DB.prepare("SELECT * FROM notification_subscribers ORDER BY id"),
		env.DB.prepare("SELECT * FROM notification_events ORDER BY occurred_at, id"),
		env.DB.prepare("SELECT * FROM notification_deliveries ORDER BY id"),
		env.DB.prepare("SELECT * FROM notification_audit_log ORDER BY id"),
	]);
	return {
		surface_state: surfaces?.results ?? [],
		status_incidents: incidents?.results ?? [],
		status_audit_log: audit?.results ?? [],
		surface_checks: checks?.results ?? [],
		status_uptime_days: uptimeDays?.results ?? [],
		status_uptime_fold: uptimeFold?.results ?? [],
		status_incident_events: incidentEvents?.results ?? [],
		status_incident_titles: incidentTitles?.results ?? [],
		status_maintenances: maintenances?.results ?? [],
		status_job_runs: jobRuns?.results ?? [],
		notification_subscribers: subscribers?.results ?? [],
		notification_events: events?.results ?? [],
		notification_deliveries: deliveries?.results ?? [],
		notification_audit_log: notificationAudit?.results ?? [],
	};
}

/**
 * Storage is isolated per test file, not per test: each test starts from empty tables, and from
 * no cached public reads (the Cache API would otherwise serve the previous test's).
 */
export async function clearTables(): Promise<void> {
	await invalidatePublicReads(env);
	await env.DB.batch([
		env.DB.prepare("DELETE FROM surface_state"),
		env.DB.prepare("DELETE FROM status_incidents"),
		env.DB.prepare("DELETE FROM status_audit_log"),
		env.DB.prepare("DELETE FROM surface_checks"),
		env.DB.prepare("DELETE FROM status_uptime_days"),
		env.DB.prepare("DELETE FROM status_uptime_fold"),
		env.DB.prepare("DELETE FROM status_incident_events"),
		env.DB.prepare("DELETE FROM status_incident_titles"),
		env.DB.prepare("DELETE FROM status_maintenances"),
		env.DB.prepare("DELETE FROM status_job_runs"),
		env.DB.prepare("DELETE FROM notification_subscribers"),
		env.DB.prepare("DELETE FROM notification_events"),
		env.DB.prepare("DELETE FROM notification_deliveries"),
		env.DB.prepare("DELETE FROM notification_audit_log"),
	]);
}

export interface AuditEntry {
	id: number;
	surface_id: string;
	actor: string;
	previous_state: string | null;
	new_state: string;
	source: string;
	note: string | null;
	created_at: string;
}

export async function auditFor(surfaceId: string): Promise<AuditEntry[]> {
	const { results } = await env.DB.prepare("SELECT * FROM status_audit_log WHERE surface_id = ? ORDER BY id")
		.bind(surfaceId)
		.all<AuditEntry>();
	return results;
}

/** Invariant 2: per surface, each audit row's previous_state is the previous row's new_state. */
export function expectUnbrokenChain(entries: readonly AuditEntry[]): void {
	entries.forEach((entry, index) => {
		const expected = index === 0 ? null : entries[index - 1]?.new_state;
		if (entry.previous_state !== expected) {
			throw new Error(
				`audit chain broken at id ${entry.id}: previous_state ${entry.previous_state}, expected ${expected}`,
			);
		}
	});
}

/** readTables() of an empty database. */
export const EMPTY_TABLES: Tables = {
	surface_state: [],
	status_incidents: [],
	status_audit_log: [],
	surface_checks: [],
	status_uptime_days: [],
	status_uptime_fold: [],
	status_incident_events: [],
	status_incident_titles: [],
	status_maintenances: [],
	status_job_runs: [],
	notification_subscribers: [],
	notification_events: [],
	notification_deliveries: [],
	notification_audit_log: [],
};
