import type { JobOutcome, StatusJob } from "../../domain/job-health";
import type { AutomatedSource } from "../../domain/vocabulary";
import type { BatchPlan } from "../batch-plan";
import type { RawRow, statusJobRuns, surfaceChecks } from "../schema";
import { type Db, type SQL, sql, statement } from "../sql";

/** A job's run as written: its counts are numbers, or SQL evaluated inside the batch that writes it. */
export interface JobRunWrite {
	job: StatusJob;
	startedAt: string;
	durationMs: number;
	outcome: JobOutcome;
	changes: Readonly<Record<string, number | SQL<number>>>;
	error: string | null;
}

/**
 * The surfaces an automated source changed at `nowIso`: its audit rows of that instant. Evaluated
 * after the checks' statements of the same batch, it counts what they wrote.
 */
export function surfacesChangedBy(source: AutomatedSource, nowIso: string): SQL<number> {
	return sql<number>`(SELECT count(*) FROM status_audit_log WHERE created_at = ${nowIso} AND source = ${source})`;
}

function changesObject(changes: JobRunWrite["changes"]): SQL<string> {
	const pairs = Object.entries(changes).map(([name, value]) => sql`${name}, ${value}`);
	return sql<string>`json_object(${sql.join(pairs, sql`, `)})`;
}

/**
 * Each run becomes its job's last run, unless a later one is already recorded (a run-jobs call
 * and the cron overlapping). last_ok_at keeps the start of the last run that succeeded.
 */
export function jobRunsPlan(db: Db, runs: readonly JobRunWrite[]): BatchPlan<void> {
	const statements = runs.map((run) =>
		statement(
			db,
			sql`INSERT INTO status_job_runs (job, started_at, duration_ms, outcome, changes, error, last_ok_at)
				VALUES (${run.job}, ${run.startedAt}, ${Math.max(0, Math.round(run.durationMs))}, ${run.outcome},
					${changesObject(run.changes)}, ${run.error}, ${run.outcome === "ok" ? run.startedAt : null})
				ON CONFLICT (job) DO UPDATE SET
					started_at = excluded.started_at,
					duration_ms = excluded.duration_ms,
					outcome = excluded.outcome,
					changes = excluded.changes,
					error = excluded.error,
					last_ok_at = coalesce(excluded.last_ok_at, status_job_runs.last_ok_at)
				WHERE excluded.started_at >= status_job_runs.started_at`,
		),
	);
	return { statements, read: () => undefined };
}

export type RawJobRun = RawRow<typeof statusJobRuns>;
export type RawFailingCheck = Pick<
	RawRow<typeof surfaceChecks>,
	"surface_id" | "source" | "observation" | "streak" | "checked_at" | "failing_since" | "last_failure"
>;

export interface JobStatusRows {
	runs: RawJobRun[];
	failing: RawFailingCheck[];
	foldedThrough: string | null;
}

/** The jobs' last runs, the checks failing now and the rollup's fold point, in one round trip. */
export async function readJobStatusRows(db: Db, timeZone: string): Promise<JobStatusRows> {
	const [runs, failing, fold] = await db.batch([
		statement(db, sql`SELECT * FROM status_job_runs ORDER BY job`),
		statement(
			db,
			sql`SELECT surface_id, source, observation, streak, checked_at, failing_since, last_failure
				FROM surface_checks WHERE failing_since IS NOT NULL ORDER BY failing_since, surface_id`,
		),
		statement(db, sql`SELECT folded_through FROM status_uptime_fold WHERE time_zone = ${timeZone}`),
	]);
	return {
		runs: (runs?.results ?? []) as RawJobRun[],
		failing: (failing?.results ?? []) as RawFailingCheck[],
		foldedThrough: (fold?.results[0] as { folded_through?: string } | undefined)?.folded_through ?? null,
	};
}
