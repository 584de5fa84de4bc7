import type { CycleReportEntry } from "../../verbs/apply-check-cycle";
import type { JobStatusReport } from "../../verbs/read-job-status";
import type { JobStatusAnswer } from "./schemas";

export function toRunJobsAnswer(report: CycleReportEntry[], now: Date) {
	return {
		ran_at: now.toISOString(),
		surfaces: report.map((entry) => ({
			surface_id: entry.surfaceId,
			job: entry.job,
			saw: entry.saw,
			streak: entry.streak,
			state_before: entry.stateBefore,
			state_after: entry.stateAfter,
			changed: entry.changed,
			held_by: entry.heldBy,
			detail: entry.detail,
		})),
	};
}

export function toJobStatusAnswer(report: JobStatusReport): JobStatusAnswer {
	const { uptimeRollup: rollup } = report;
	return {
		generated_at: report.now,
		next_run_at: report.nextRunAt,
		jobs: report.jobs.map((job) => ({
			job: job.job,
			health: job.health,
			last_run:
				job.lastRun === null
					? null
					: {
							started_at: job.lastRun.startedAt,
							duration_ms: job.lastRun.durationMs,
							outcome: job.lastRun.outcome,
							changes: job.lastRun.changes,
							error: job.lastRun.error,
						},
			last_ok_at: job.lastOkAt,
		})),
		failing_checks: report.failingChecks.map((check) => ({
			surface_id: check.surfaceId,
			source: check.source,
			observation: check.observation,
			reason: check.reason,
			failing_since: check.failingSince,
			checks_in_a_row: check.checksInARow,
			last_checked_at: check.lastCheckedAt,
		})),
		uptime_rollup: {
			time_zone: rollup.timeZone,
			folded_through: rollup.foldedThrough,
			lag_ms: rollup.lag?.lagMs ?? null,
			behind_ms: rollup.lag?.behindMs ?? null,
			up_to_date: rollup.lag?.upToDate ?? false,
			last_fold_failed: rollup.lastFoldFailed,
		},
	};
}
