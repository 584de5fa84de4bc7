import type { CycleReportEntry } from "../../verbs/apply-check-cycle";

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
