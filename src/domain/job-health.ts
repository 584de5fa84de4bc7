import { CYCLE_MS, STALE_AFTER_CYCLES } from "./cron-schedule";
import { foldTarget } from "./uptime/fold-plan";

export { CYCLE_MS, STALE_AFTER_CYCLES } from "./cron-schedule";

/** The parts of a cycle of the scheduled jobs, each recorded with its last run (status_job_runs). */
export const STATUS_JOBS = [
	"partner_poller",
	"prober",
	"maintenance_windows",
	"maintenance_expiry",
	"uptime_fold",
] as const;
export type StatusJob = (typeof STATUS_JOBS)[number];

export const JOB_OUTCOMES = ["ok", "failed"] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

export const JOB_HEALTHS = ["never_run", "ok", "failed", "stale"] as const;
export type JobHealth = (typeof JOB_HEALTHS)[number];

export const STALE_AFTER_MS = STALE_AFTER_CYCLES * CYCLE_MS;

export interface LastRun {
	startedAt: number;
	outcome: JobOutcome;
}

/** When the next cycle is due: the next minute boundary after `now`. */
export function nextCycleAt(now: number): number {
	return (Math.floor(now / CYCLE_MS) + 1) * CYCLE_MS;
}

/**
 * A job's health at `now` from its last run: stale outranks the outcome, since a failure
 * that old says nothing about what the job would do now.
 */
export function jobHealth(lastRun: LastRun | null, now: number): JobHealth {
	if (lastRun === null) return "never_run";
	if (now - lastRun.startedAt > STALE_AFTER_MS) return "stale";
	return lastRun.outcome;
}

export interface FoldLag {
	/** How far behind `now` the rollup ends. */
	lagMs: number;
	/** How far the rollup is from where a fold at `now` may reach (0: up to date). */
	behindMs: number;
	upToDate: boolean;
}

/**
 * How far the uptime rollup trails: a fold reaches a grid point at least five minutes old, so an
 * up-to-date rollup lags `now` by five to twenty minutes, and is behind its target by nothing.
 */
export function foldLag(foldedThrough: number, now: number): FoldLag {
	const behindMs = Math.max(0, foldTarget(now) - foldedThrough);
	return { lagMs: Math.max(0, now - foldedThrough), behindMs, upToDate: behindMs === 0 };
}
