import { runBatch } from "../db/batch-plan";
import type { Db } from "../db/client";
import { maintenanceEndPlan, selectExpiredMaintenance } from "../db/maintenance-expiry";
import { roundTrip } from "../db/round-trip";
import { surfaceCheckPlan } from "../db/surface-checks";
import type { SurfaceTransitionResult } from "../db/surface-transition";
import type { Hold } from "../domain/precedence";
import { AUTOMATED_SOURCES, type AutomatedSource, type SurfaceState } from "../domain/vocabulary";

/** What one automated check saw: a state, or (for the poller) a failure to read the page. */
export interface AutomatedCheck {
	surfaceId: string;
	source: AutomatedSource;
	saw: SurfaceState | "FAILED";
	detail: string;
}

export interface Damping {
	/** Consecutive failed polls before a partner is UNKNOWN (one failure keeps the last state). */
	pollFailuresToUnknown: number;
	/** Consecutive agreeing probes before a first-party surface changes (no flapping). */
	probeStreak: number;
}

/** What a cycle reports for each surface it touched: a window's end, or an automated check. */
export const CYCLE_JOBS = ["maintenance_end", ...AUTOMATED_SOURCES] as const;
export type CycleJob = (typeof CYCLE_JOBS)[number];

export interface CycleReportEntry {
	surfaceId: string;
	job: CycleJob;
	saw: SurfaceState | "FAILED" | null;
	streak: number | null;
	stateBefore: SurfaceState | null;
	stateAfter: SurfaceState | null;
	changed: boolean;
	heldBy: Hold | null;
	detail: string;
}

function damping(check: AutomatedCheck, config: Damping): { settlesOn: SurfaceState; threshold: number } {
	if (check.saw === "FAILED") return { settlesOn: "UNKNOWN", threshold: config.pollFailuresToUnknown };
	return { settlesOn: check.saw, threshold: check.source === "prober" ? config.probeStreak : 1 };
}

function entry(
	surfaceId: string,
	job: CycleReportEntry["job"],
	transition: SurfaceTransitionResult,
	extra: Pick<CycleReportEntry, "saw" | "streak" | "detail">,
): CycleReportEntry {
	return {
		surfaceId,
		job,
		...extra,
		stateBefore: transition.before?.state ?? null,
		stateAfter: transition.after?.state ?? null,
		changed: transition.changed,
		heldBy: transition.blockingHold,
	};
}

/**
 * One cycle of the scheduled jobs: expired maintenance windows end, then every check's observation
 * is recorded and its settled state applied under writer precedence - all in one D1 batch, after
 * one read that finds the expired windows.
 */
export async function applyCheckCycle(
	db: Db,
	checks: readonly AutomatedCheck[],
	config: Damping,
	now: Date,
): Promise<CycleReportEntry[]> {
	const nowIso = now.toISOString();
	const expired = await roundTrip(() => selectExpiredMaintenance(db, nowIso));
	const endPlans = expired.map((surfaceId) => maintenanceEndPlan(db, surfaceId, nowIso));
	const checkPlans = checks.map((check) =>
		surfaceCheckPlan(db, {
			surfaceId: check.surfaceId,
			source: check.source,
			observation: check.saw,
			...damping(check, config),
			detail: check.detail,
			recordsProbeTime: check.source === "prober",
			nowIso,
		}),
	);
	if (endPlans.length + checkPlans.length === 0) return [];
	const results = await runBatch(db, ...endPlans, ...checkPlans);

	const ended = expired.map((surfaceId, index) =>
		entry(surfaceId, "maintenance_end", results[index] as SurfaceTransitionResult, {
			saw: null,
			streak: null,
			detail: "maintenance window ended",
		}),
	);
	const checked = checks.map((check, index) => {
		const result = results[endPlans.length + index] as Awaited<ReturnType<(typeof checkPlans)[number]["read"]>>;
		return entry(check.surfaceId, check.source, result.transition, {
			saw: check.saw,
			streak: result.streak,
			detail: check.detail,
		});
	});
	return [...ended, ...checked];
}
