import { runBatch } from "../db/batch-plan";
import { expiredFromResult, expiredMaintenanceStatement, maintenanceEndPlan } from "../db/maintenance/expiry";
import type { MaintenanceRow } from "../db/maintenance/rows";
import {
	dueWindowsFromResult,
	dueWindowsStatement,
	windowStartPlan,
	windowStatusPlan,
} from "../db/maintenance/windows";
import { roundTrip } from "../db/round-trip";
import type { Db } from "../db/sql";
import { surfaceCheckPlan } from "../db/surfaces/checks";
import type { SurfaceTransitionResult } from "../db/surfaces/transition";
import { publicMaintenanceId } from "../domain/maintenance-id";
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

/** What a cycle reports for each surface it touched: a window's end or start, or an automated check. */
export const CYCLE_JOBS = ["maintenance_end", "maintenance_start", ...AUTOMATED_SOURCES] as const;
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

/** A scheduled window passed while the cron did not run: completed with no transitions. */
export interface MissedWindow {
	publicId: string;
	title: string;
}

export interface CycleReport {
	entries: CycleReportEntry[];
	missed: MissedWindow[];
	/** Whether scheduled windows started, completed or were missed. */
	windowsChanged: boolean;
}

/**
 * One cycle of the scheduled jobs, in one D1 batch after one read (expired maintenance, windows
 * due): expired maintenance ends; scheduled windows start (or, passed unstarted, are recorded
 * missed) and ended ones complete; then every check's observation is recorded and its settled
 * state applied under writer precedence (a window that started this cycle holds its surfaces).
 */
export async function applyCheckCycle(
	db: Db,
	checks: readonly AutomatedCheck[],
	config: Damping,
	now: Date,
): Promise<CycleReport> {
	const nowIso = now.toISOString();
	const [expiredResult, dueResult] = await roundTrip(() =>
		db.batch([expiredMaintenanceStatement(db, nowIso), dueWindowsStatement(db, nowIso)]),
	);
	const expired = expiredFromResult(expiredResult);
	const due = dueWindowsFromResult(dueResult);
	const endPlans = expired.map((surfaceId) => maintenanceEndPlan(db, surfaceId, nowIso));
	const starting = due
		.filter((window) => window.status === "scheduled" && window.endsAt > now.getTime())
		.flatMap((window) => window.surfaceIds.map((surfaceId) => ({ window, surfaceId })));
	const startPlans = starting.map(({ window, surfaceId }) =>
		windowStartPlan(db, surfaceId, window, publicMaintenanceId(window.id), nowIso),
	);
	const statusPlans =
		due.length > 0
			? [
					windowStatusPlan(
						db,
						nowIso,
						due.map((window) => window.id),
					),
				]
			: [];
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
	const plans = [...endPlans, ...statusPlans, ...startPlans, ...checkPlans];
	if (plans.length === 0) return { entries: [], missed: [], windowsChanged: false };
	const results = await runBatch(db, ...plans);

	let offset = 0;
	const take = () => results[offset++];
	const ended = expired.map((surfaceId) =>
		entry(surfaceId, "maintenance_end", take() as SurfaceTransitionResult, {
			saw: null,
			streak: null,
			detail: "maintenance window ended",
		}),
	);
	const statuses = statusPlans.length > 0 ? (take() as { missed: number[]; started: number[] }) : null;
	const started = starting.map(({ window, surfaceId }) =>
		entry(surfaceId, "maintenance_start", take() as SurfaceTransitionResult, {
			saw: null,
			streak: null,
			detail: `maintenance ${publicMaintenanceId(window.id)} started: ${window.title}`,
		}),
	);
	const checked = checks.map((check) => {
		const result = take() as Awaited<ReturnType<(typeof checkPlans)[number]["read"]>>;
		return entry(check.surfaceId, check.source, result.transition, {
			saw: check.saw,
			streak: result.streak,
			detail: check.detail,
		});
	});
	const missedIds = new Set(statuses?.missed ?? []);
	const missed = due
		.filter((window: MaintenanceRow) => missedIds.has(window.id))
		.map((window) => ({ publicId: publicMaintenanceId(window.id), title: window.title }));
	return { entries: [...ended, ...started, ...checked], missed, windowsChanged: statusPlans.length > 0 };
}
