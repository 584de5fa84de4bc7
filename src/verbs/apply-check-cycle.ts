import { runBatch } from "../db/batch-plan";
import { expiredFromResult, expiredMaintenanceStatement, maintenanceEndPlan } from "../db/maintenance/expiry";
import { dueWindowsOutboxPlans } from "../db/maintenance/outbox";
import type { MaintenanceRow } from "../db/maintenance/rows";
import {
	dueWindowsFromResult,
	dueWindowsStatement,
	surfaceStartPlan,
	windowStatusPlan,
} from "../db/maintenance/windows";
import { roundTrip } from "../db/round-trip";
import { type JobRunWrite, jobRunsPlan, surfacesChangedBy } from "../db/scheduled/job-runs";
import type { Db, SQL } from "../db/sql";
import { surfaceCheckPlan } from "../db/surfaces/checks";
import type { SurfaceTransitionResult } from "../db/surfaces/transition";
import { publicMaintenanceId } from "../domain/maintenance-id";
import type { Hold } from "../domain/precedence";
import { AUTOMATED_SOURCES, type AutomatedSource, type SurfaceState } from "../domain/vocabulary";
import { type CycleRuns, checkJobRuns, failedRun, maintenanceJobRuns, recordRunsAlone } from "./cycle-job-runs";

/** What one automated check saw: a state, or (for the poller) a failure to read the page. */
export interface AutomatedCheck {
	surfaceId: string;
	source: AutomatedSource;
	saw: SurfaceState | "FAILED";
	/** The check itself failed (a page it could not read, a probe not up); `detail` says why. */
	failed: boolean;
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

/** The two parts of a cycle, each its own D1 batch: one failing leaves the other's writes. */
export type CyclePart = "windows" | "checks";

export interface CycleReport {
	entries: CycleReportEntry[];
	missed: MissedWindow[];
	/** Whether scheduled windows started, completed or were missed. */
	windowsChanged: boolean;
	/** The parts whose batch failed (nothing of theirs written), with the error. */
	failed: { part: CyclePart; error: unknown }[];
}

/**
 * The most windows a cycle starts (and completes): the earliest due; the rest start in the next
 * minute. With one transition per surface, the windows' batch is at most
 * (2 x the surfaces) transitions of 4 statements, plus 3 window updates.
 */
export const MAX_WINDOWS_PER_CYCLE = 50;

/** A window-start's audit note: the window, or the first of several and how many more. */
function startNote(windows: readonly MaintenanceRow[]): string {
	const [first] = windows;
	if (first === undefined) return "maintenance started";
	const more = windows.length > 1 ? ` and ${windows.length - 1} more` : "";
	return `maintenance ${publicMaintenanceId(first.id)}${more} started: ${first.title}`;
}

/** The windows starting on each surface, by surface, in the surfaces' first-named order. */
function startingBySurface(windows: readonly MaintenanceRow[]): Map<string, MaintenanceRow[]> {
	const bySurface = new Map<string, MaintenanceRow[]>();
	for (const window of windows) {
		for (const surfaceId of window.surfaceIds) bySurface.set(surfaceId, [...(bySurface.get(surfaceId) ?? []), window]);
	}
	return bySurface;
}

async function settle<T>(
	part: CyclePart,
	run: () => Promise<T>,
): Promise<{ value: T } | { part: CyclePart; error: unknown }> {
	try {
		return { value: await run() };
	} catch (error) {
		return { part, error };
	}
}

/**
 * One cycle of the scheduled jobs, after one read (expired maintenance, windows due), in two D1
 * batches so that one failing cannot fail the other:
 * 1. the windows: expired maintenance ends; scheduled windows start (or, passed unstarted, are
 *    recorded missed) and ended ones complete; each surface a starting window names gets one
 *    transition from the union of the windows starting on it;
 * 2. the checks: every check's observation is recorded and its settled state applied under writer
 *    precedence (a window started by the first batch holds its surfaces).
 * Every job's run (`runs`, and the maintenance jobs' own) is recorded in the second batch; when it
 * fails (or the read does), the runs are recorded failed in one small write of their own.
 */
export async function applyCheckCycle(
	db: Db,
	checks: readonly AutomatedCheck[],
	config: Damping,
	now: Date,
	runs: CycleRuns = { checks: [], alongside: [] },
): Promise<CycleReport> {
	const nowIso = now.toISOString();
	const began = Date.now();
	const checkRuns = (surfacesChanged: (source: AutomatedSource) => number | SQL<number>) =>
		checkJobRuns(runs.checks, nowIso, surfacesChanged);
	const read = await settle("windows", () =>
		roundTrip(() =>
			db.batch([expiredMaintenanceStatement(db, nowIso), dueWindowsStatement(db, nowIso, MAX_WINDOWS_PER_CYCLE)]),
		),
	);
	if ("error" in read) {
		const all = [...maintenanceJobRuns(nowIso, Date.now() - began, null), ...checkRuns(() => 0)];
		await recordRunsAlone(db, [...all.map((run) => failedRun(run, read.error)), ...runs.alongside]);
		throw read.error;
	}
	const [expiredResult, dueResult] = read.value;
	const due = dueWindowsFromResult(dueResult);
	const bySurface = startingBySurface(
		due.filter((window) => window.status === "scheduled" && window.endsAt > now.getTime()),
	);
	// A surface a window starts on gets its start alone: its new end supersedes the expired one.
	const expired = expiredFromResult(expiredResult).filter((surfaceId) => !bySurface.has(surfaceId));
	const endPlans = expired.map((surfaceId) => maintenanceEndPlan(db, surfaceId, nowIso));
	const starting = [...bySurface].map(([surfaceId, windows]) => ({ surfaceId, note: startNote(windows), windows }));
	const startPlans = starting.map(({ surfaceId, windows, note }) =>
		surfaceStartPlan(db, surfaceId, windows, note, nowIso),
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
			failed: check.failed,
			recordsProbeTime: check.source === "prober",
			nowIso,
		}),
	);

	// The due windows' events: drafted before the windows' changes, settled after them.
	const windowOutboxes =
		due.length > 0
			? [
					dueWindowsOutboxPlans(
						db,
						due.map((window) => window.id),
						nowIso,
					),
				]
			: [];
	const windowPlans = [
		...windowOutboxes.map((outbox) => outbox.draft),
		...endPlans,
		...statusPlans,
		...startPlans,
		...windowOutboxes.map((outbox) => outbox.settle),
	];
	const windowsPart = await settle("windows", () =>
		windowPlans.length > 0 ? runBatch(db, ...windowPlans) : Promise.resolve([]),
	);

	const entries: CycleReportEntry[] = [];
	let statuses: { missed: number[]; started: number[] } | null = null;
	let windowRuns: JobRunWrite[];
	if ("value" in windowsPart) {
		let offset = windowOutboxes.length;
		const take = () => windowsPart.value[offset++];
		for (const surfaceId of expired) {
			entries.push(
				entry(surfaceId, "maintenance_end", take() as SurfaceTransitionResult, {
					saw: null,
					streak: null,
					detail: "maintenance window ended",
				}),
			);
		}
		statuses = statusPlans.length > 0 ? (take() as { missed: number[]; started: number[] }) : null;
		for (const { surfaceId, note } of starting) {
			entries.push(
				entry(surfaceId, "maintenance_start", take() as SurfaceTransitionResult, {
					saw: null,
					streak: null,
					detail: note,
				}),
			);
		}
		const changedBy = (job: CycleJob) => entries.filter((line) => line.job === job && line.changed).length;
		windowRuns = maintenanceJobRuns(nowIso, Date.now() - began, {
			windows: {
				due: due.length,
				started: statuses?.started.length ?? 0,
				missed: statuses?.missed.length ?? 0,
				surfaces_changed: changedBy("maintenance_start"),
			},
			expiry: { expired: expired.length, surfaces_changed: changedBy("maintenance_end") },
		});
	} else {
		windowRuns = maintenanceJobRuns(nowIso, Date.now() - began, null).map((run) => failedRun(run, windowsPart.error));
	}

	const recorded = jobRunsPlan(db, [
		...windowRuns,
		...checkRuns((source) => surfacesChangedBy(source, nowIso)),
		...runs.alongside,
	]);
	const checksPart = await settle("checks", () => runBatch(db, ...checkPlans, recorded));
	if ("error" in checksPart) {
		const failedChecks = checkRuns(() => 0).map((run) => failedRun(run, checksPart.error));
		await recordRunsAlone(db, [...windowRuns, ...failedChecks, ...runs.alongside]);
	}
	const failed = [windowsPart, checksPart].flatMap((part) => ("error" in part ? [part] : []));

	if ("value" in checksPart) {
		checks.forEach((check, index) => {
			const result = checksPart.value[index] as Awaited<ReturnType<(typeof checkPlans)[number]["read"]>>;
			entries.push(
				entry(check.surfaceId, check.source, result.transition, {
					saw: check.saw,
					streak: result.streak,
					detail: check.detail,
				}),
			);
		});
	}
	const missedIds = new Set(statuses?.missed ?? []);
	const missed = due
		.filter((window: MaintenanceRow) => missedIds.has(window.id))
		.map((window) => ({ publicId: publicMaintenanceId(window.id), title: window.title }));
	return { entries, missed, windowsChanged: statuses !== null, failed };
}
