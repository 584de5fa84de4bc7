import { runBatch } from "../db/batch-plan";
import { type JobRunWrite, jobRunsPlan } from "../db/scheduled/job-runs";
import type { Db, SQL } from "../db/sql";
import type { AutomatedSource } from "../domain/vocabulary";
import { failureText } from "../lib/failure-text";

// The runs a cycle of the scheduled jobs records (status_job_runs), one per job.

/** A checking job's run (the poller's, the prober's), recorded with the checks' writes. */
export interface CheckJobRun {
	job: "partner_poller" | "prober";
	source: AutomatedSource;
	durationMs: number;
	changes: Readonly<Record<string, number>>;
}

/** The runs a cycle records beside the maintenance jobs': the poller's and the prober's, and any run alongside (the fold). */
export interface CycleRuns {
	checks: readonly CheckJobRun[];
	alongside: readonly JobRunWrite[];
}

/** The checking jobs' runs, ok, each with the surfaces it changed (SQL counted inside the checks' batch). */
export function checkJobRuns(
	runs: readonly CheckJobRun[],
	startedAt: string,
	surfacesChanged: (source: AutomatedSource) => number | SQL<number>,
): JobRunWrite[] {
	return runs.map((run) => ({
		job: run.job,
		startedAt,
		durationMs: run.durationMs,
		outcome: "ok",
		changes: { ...run.changes, surfaces_changed: surfacesChanged(run.source) },
		error: null,
	}));
}

/** The maintenance jobs' runs (the windows', the expiry's), ok with what they changed; without counts when there are none. */
export function maintenanceJobRuns(
	startedAt: string,
	durationMs: number,
	changes: { windows: Record<string, number>; expiry: Record<string, number> } | null,
): JobRunWrite[] {
	const run = (job: "maintenance_windows" | "maintenance_expiry", counts: Record<string, number>): JobRunWrite => ({
		job,
		startedAt,
		durationMs,
		outcome: "ok",
		changes: counts,
		error: null,
	});
	return [run("maintenance_windows", changes?.windows ?? {}), run("maintenance_expiry", changes?.expiry ?? {})];
}

export const failedRun = (run: JobRunWrite, error: unknown): JobRunWrite => ({
	...run,
	outcome: "failed",
	error: failureText(error),
});

/**
 * The runs of a cycle whose batch failed, in one small write of their own, so that a failure is
 * seen where it happened; when D1 refuses this too, the log line is all that is left.
 */
export async function recordRunsAlone(db: Db, runs: readonly JobRunWrite[]): Promise<void> {
	try {
		await runBatch(db, jobRunsPlan(db, runs));
	} catch (error) {
		console.error(JSON.stringify({ event: "status_job_runs_not_recorded", error: failureText(error) }));
	}
}
