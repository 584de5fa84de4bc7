import { invalidatePublicReads } from "../public-cache/invalidate";
import type { CacheEnv } from "../public-cache/settings";
import { type AutomatedCheck, applyCheckCycle, type CycleReportEntry } from "../verbs/apply-check-cycle";
import { type JobEnv, jobConfigFromEnv } from "./config";
import type { Fetcher } from "./http-check";
import { pollPartners } from "./partner-poller";
import { probeSurfaces } from "./prober";

/**
 * One cycle of the scheduled jobs (the Cron Trigger, or POST /api/internal/status/run-jobs):
 * partner pages and probe targets are fetched concurrently; the maintenance windows' starts and
 * ends are written in one D1 batch, and everything the checks changed in another
 * (verbs/apply-check-cycle.ts): a failing batch fails the cycle, never the other batch.
 */
export async function runStatusJobs(
	env: JobEnv & CacheEnv & { DB: D1Database },
	now: Date,
	fetcher: Fetcher = (request) => fetch(request),
): Promise<CycleReportEntry[]> {
	const config = jobConfigFromEnv(env);
	const [polls, probes] = await Promise.all([pollPartners(config, fetcher), probeSurfaces(config, fetcher)]);
	const checks: AutomatedCheck[] = [
		...polls.map(
			(poll): AutomatedCheck => ({
				surfaceId: poll.surfaceId,
				source: "3p_poller",
				saw: poll.ok ? poll.state : "FAILED",
				detail: poll.detail,
			}),
		),
		...probes.map(
			(probe): AutomatedCheck => ({
				surfaceId: probe.surfaceId,
				source: "prober",
				saw: probe.up ? "OPERATIONAL" : "DOWN",
				detail: probe.detail,
			}),
		),
	];
	const { entries: report, missed, windowsChanged, failed } = await applyCheckCycle(env.DB, checks, config, now);
	if (windowsChanged || report.some((entry) => entry.changed)) await invalidatePublicReads(env);
	for (const { part, error } of failed) {
		console.error(JSON.stringify({ event: "status_cycle_part_failed", part, error: String(error) }));
	}
	for (const window of missed) {
		console.log(JSON.stringify({ event: "maintenance_missed", maintenance: window.publicId, title: window.title }));
	}
	for (const entry of report.filter((line) => line.changed)) {
		console.log(
			JSON.stringify({
				event: "status_job_changed_surface",
				job: entry.job,
				surface: entry.surfaceId,
				from: entry.stateBefore,
				to: entry.stateAfter,
			}),
		);
	}
	// The part that failed fails the cycle, once the other part's writes are in and announced.
	const [firstFailure] = failed;
	if (firstFailure) throw firstFailure.error;
	return report;
}
