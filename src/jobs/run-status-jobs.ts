import type { JobRunWrite } from "../db/scheduled/job-runs";
import { invalidatePublicReads } from "../public-cache/invalidate";
import type { CacheEnv } from "../public-cache/settings";
import { type AutomatedCheck, applyCheckCycle, type CycleReportEntry } from "../verbs/apply-check-cycle";
import type { CycleRuns } from "../verbs/cycle-job-runs";
import { type JobEnv, jobConfigFromEnv } from "./config";
import type { Fetcher } from "./http-check";
import { pollPartners } from "./partner-poller";
import { probeSurfaces } from "./prober";

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; durationMs: number }> {
	const started = Date.now();
	const value = await run();
	return { value, durationMs: Date.now() - started };
}

/**
 * One cycle of the scheduled jobs (the Cron Trigger, or POST /api/internal/status/run-jobs):
 * partner pages and probe targets are fetched concurrently (with `alongside`, the Cron Trigger's
 * fold); the maintenance windows' starts and ends are written in one D1 batch, and everything the
 * checks changed in another, with every job's run (verbs/apply-check-cycle.ts): a failing batch
 * fails the cycle, never the other batch.
 */
export async function runStatusJobs(
	env: JobEnv & CacheEnv & { DB: D1Database },
	now: Date,
	fetcher: Fetcher = (request) => fetch(request),
	alongside: Promise<JobRunWrite> | null = null,
): Promise<CycleReportEntry[]> {
	const config = jobConfigFromEnv(env);
	const [polls, probes, alongsideRun] = await Promise.all([
		timed(() => pollPartners(config, fetcher)),
		timed(() => probeSurfaces(config, fetcher)),
		alongside,
	]);
	const checks: AutomatedCheck[] = [
		...polls.value.map(
			(poll): AutomatedCheck => ({
				surfaceId: poll.surfaceId,
				source: "3p_poller",
				saw: poll.ok ? poll.state : "FAILED",
				failed: !poll.ok,
				detail: poll.detail,
			}),
		),
		...probes.value.map(
			(probe): AutomatedCheck => ({
				surfaceId: probe.surfaceId,
				source: "prober",
				saw: probe.up ? "OPERATIONAL" : "DOWN",
				failed: !probe.up,
				detail: probe.detail,
			}),
		),
	];
	const runs: CycleRuns = {
		checks: [
			{
				job: "partner_poller",
				source: "3p_poller",
				durationMs: polls.durationMs,
				changes: { polled: polls.value.length, failed: polls.value.filter((poll) => !poll.ok).length },
			},
			{
				job: "prober",
				source: "prober",
				durationMs: probes.durationMs,
				changes: { probed: probes.value.length, down: probes.value.filter((probe) => !probe.up).length },
			},
		],
		alongside: alongsideRun === null ? [] : [alongsideRun],
	};
	const { entries: report, missed, windowsChanged, failed } = await applyCheckCycle(env.DB, checks, config, now, runs);
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
