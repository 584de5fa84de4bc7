import { invalidatePublicReads } from "../public-cache/invalidate";
import type { CacheEnv } from "../public-cache/settings";
import { type AutomatedCheck, applyCheckCycle, type CycleReportEntry } from "../verbs/apply-check-cycle";
import { type JobEnv, jobConfigFromEnv } from "./config";
import type { Fetcher } from "./http-check";
import { pollPartners } from "./partner-poller";
import { probeSurfaces } from "./prober";

/**
 * One cycle of the scheduled jobs (the Cron Trigger, or POST /api/internal/status/run-jobs):
 * partner pages and probe targets are fetched concurrently, then everything they changed is
 * written in one D1 batch, together with the end of any expired maintenance window.
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
	const { entries: report, missed, windowsChanged } = await applyCheckCycle(env.DB, checks, config, now);
	if (windowsChanged || report.some((entry) => entry.changed)) await invalidatePublicReads(env);
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
	return report;
}
