import { roundTrip } from "../db/round-trip";
import { type RawJobRun, readJobStatusRows } from "../db/scheduled/job-runs";
import type { Db } from "../db/sql";
import { supportedInstant } from "../domain/instants";
import {
	type FoldLag,
	foldLag,
	type JobHealth,
	type JobOutcome,
	jobHealth,
	nextCycleAt,
	STATUS_JOBS,
	type StatusJob,
} from "../domain/job-health";
import type { AutomatedSource } from "../domain/vocabulary";

export interface JobStatus {
	job: StatusJob;
	health: JobHealth;
	lastRun: {
		startedAt: string;
		durationMs: number;
		outcome: JobOutcome;
		changes: Record<string, number>;
		error: string | null;
	} | null;
	lastOkAt: string | null;
}

export interface FailingCheck {
	surfaceId: string;
	source: AutomatedSource;
	observation: string;
	reason: string;
	failingSince: string;
	checksInARow: number;
	lastCheckedAt: string;
}

export interface JobStatusReport {
	now: string;
	nextRunAt: string;
	jobs: JobStatus[];
	failingChecks: FailingCheck[];
	uptimeRollup: {
		timeZone: string;
		foldedThrough: string | null;
		lag: FoldLag | null;
		lastFoldFailed: boolean;
	};
}

function changesOf(text: string): Record<string, number> {
	try {
		const parsed: unknown = JSON.parse(text);
		if (typeof parsed !== "object" || parsed === null) return {};
		return Object.fromEntries(
			Object.entries(parsed).filter((entry): entry is [string, number] => typeof entry[1] === "number"),
		);
	} catch {
		return {};
	}
}

function jobStatus(job: StatusJob, row: RawJobRun | undefined, now: number): JobStatus {
	const startedAt = row ? supportedInstant(row.started_at)?.getTime() : undefined;
	if (!row || startedAt === undefined) return { job, health: jobHealth(null, now), lastRun: null, lastOkAt: null };
	return {
		job,
		health: jobHealth({ startedAt, outcome: row.outcome }, now),
		lastRun: {
			startedAt: row.started_at,
			durationMs: row.duration_ms,
			outcome: row.outcome,
			changes: changesOf(row.changes),
			error: row.error,
		},
		lastOkAt: row.last_ok_at,
	};
}

/**
 * How the scheduled jobs are doing at `now`: each job's last run and health, the partner polls
 * and probes failing now with their reasons, and how far the uptime rollup trails. One round trip.
 */
export async function readJobStatus(db: Db, timeZone: string, now: Date): Promise<JobStatusReport> {
	const rows = await roundTrip(() => readJobStatusRows(db, timeZone));
	const at = now.getTime();
	const byJob = new Map(rows.runs.map((row) => [row.job, row]));
	const jobs = STATUS_JOBS.map((job) => jobStatus(job, byJob.get(job), at));
	const foldedThrough = rows.foldedThrough === null ? null : (supportedInstant(rows.foldedThrough) ?? null);
	return {
		now: now.toISOString(),
		nextRunAt: new Date(nextCycleAt(at)).toISOString(),
		jobs,
		failingChecks: rows.failing.map((row) => ({
			surfaceId: row.surface_id,
			source: row.source,
			observation: row.observation,
			reason: row.last_failure ?? "",
			failingSince: row.failing_since ?? "",
			checksInARow: row.streak,
			lastCheckedAt: row.checked_at,
		})),
		uptimeRollup: {
			timeZone,
			foldedThrough: foldedThrough?.toISOString() ?? null,
			lag: foldedThrough === null ? null : foldLag(foldedThrough.getTime(), at),
			lastFoldFailed: byJob.get("uptime_fold")?.outcome === "failed",
		},
	};
}
