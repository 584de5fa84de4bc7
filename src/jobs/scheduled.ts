import type { JobRunWrite } from "../db/scheduled/job-runs";
import { pageTimeZone } from "../domain/uptime/page-time-zone";
import { failureText } from "../lib/failure-text";
import { pumpOutbox } from "../notify/pump";
import { foldUptime } from "../verbs/fold-uptime";
import { runStatusJobs } from "./run-status-jobs";

/**
 * The uptime rollup's fold, as a job run: it never throws, so it never holds up or fails the
 * cycle (until it runs, public answers read the days it has not folded live: exact, only slower).
 */
async function foldRun(env: Env, now: Date): Promise<JobRunWrite> {
	const started = Date.now();
	const run = { job: "uptime_fold", startedAt: now.toISOString() } as const;
	try {
		const fold = await foldUptime(env.DB, pageTimeZone(env.STATUS_PAGE_TIME_ZONE), now);
		if (fold.dates.length > 0) {
			console.log(JSON.stringify({ event: "uptime_days_folded", dates: fold.dates, through: fold.foldedThrough }));
		}
		const changes = { days_folded: fold.dates.length };
		return { ...run, durationMs: Date.now() - started, outcome: "ok", changes, error: null };
	} catch (error) {
		console.error(JSON.stringify({ event: "uptime_fold_failed", error: String(error) }));
		const changes = { days_folded: 0 };
		return { ...run, durationMs: Date.now() - started, outcome: "failed", changes, error: failureText(error) };
	}
}

/**
 * What the Cron Trigger does each minute: one cycle of the status jobs, with the uptime rollup's
 * fold of the days that have ended running beside its fetches. Each job's run is recorded with
 * the cycle's writes (GET /api/internal/status/jobs).
 */
export async function runScheduled(env: Env, now: Date): Promise<void> {
	try {
		await runStatusJobs(env, now, undefined, foldRun(env, now));
	} finally {
		await pumpRun(env, now);
	}
}

/**
 * The notifications outbox, moved on after the cycle (whose writes it fans out): deliveries no
 * request fanned out, and those whose queue message was lost. It never throws: a failure is logged,
 * and the next minute's run does it again.
 */
async function pumpRun(env: Env, now: Date): Promise<void> {
	try {
		const report = await pumpOutbox(env, now);
		if (report.eventsFannedOut + report.deliveriesEnqueued + report.requestsExpired > 0) {
			console.log(JSON.stringify({ event: "notify_outbox_pumped", ...report }));
		}
	} catch (error) {
		console.error(JSON.stringify({ event: "notify_outbox_pump_failed", error: String(error) }));
	}
}
