import { HOLDS_BLOCKING } from "../../domain/precedence";
import type { AutomatedSource, SurfaceState } from "../../domain/vocabulary";
import type { BatchPlan } from "../batch-plan";
import type { RawRow, surfaceChecks } from "../schema";
import { type Db, sql, statement } from "../sql";
import { type SurfaceTransitionResult, surfaceTransitionPlan } from "./transition";

export interface CheckWrite {
	surfaceId: string;
	source: AutomatedSource;
	/** A state name, or FAILED when the check itself failed. */
	observation: SurfaceState | "FAILED";
	/** The state the check stands by once it has seen `observation` `threshold` times in a row. */
	settlesOn: SurfaceState;
	threshold: number;
	detail: string;
	/** Whether the check itself failed (no readable page, a probe not up): `detail` says why. */
	failed: boolean;
	/** Record last_probe_at on the surface row (the prober does; the partner poller does not). */
	recordsProbeTime: boolean;
	nowIso: string;
}

export interface CheckResult {
	streak: number;
	settledState: SurfaceState | null;
	transition: SurfaceTransitionResult;
}

/**
 * One automated check in a cycle's batch: the observation and its streak, then the surface moved to
 * the state the check has settled on, under writer precedence (a hold keeps the state; the check is
 * recorded all the same). SQLite evaluates every SET expression against the row as it was, so the
 * streak and the settled state are computed from the same previous observation.
 */
export function surfaceCheckPlan(db: Db, check: CheckWrite): BatchPlan<CheckResult> {
	const { surfaceId, nowIso } = check;
	const newStreak = sql`(CASE WHEN surface_checks.observation = excluded.observation THEN surface_checks.streak + 1 ELSE 1 END)`;
	const failedAt = check.failed ? nowIso : null;
	const failure = check.failed ? check.detail : null;
	const record = sql`INSERT INTO surface_checks
			(surface_id, source, observation, streak, settled_state, checked_at, detail, failing_since, last_failed_at, last_failure)
		VALUES (${surfaceId}, ${check.source}, ${check.observation}, 1,
			CASE WHEN 1 >= ${check.threshold} THEN ${check.settlesOn} ELSE NULL END, ${nowIso}, ${check.detail},
			${failedAt}, ${failedAt}, ${failure})
		ON CONFLICT (surface_id) DO UPDATE SET
			failing_since = CASE WHEN excluded.failing_since IS NULL THEN NULL
				ELSE coalesce(surface_checks.failing_since, excluded.failing_since) END,
			last_failed_at = coalesce(excluded.last_failed_at, surface_checks.last_failed_at),
			last_failure = coalesce(excluded.last_failure, surface_checks.last_failure),
			source = excluded.source,
			streak = ${newStreak},
			settled_state = CASE WHEN ${newStreak} >= ${check.threshold} THEN ${check.settlesOn}
				ELSE surface_checks.settled_state END,
			observation = excluded.observation,
			checked_at = excluded.checked_at,
			detail = excluded.detail`;
	const probeTime = sql`UPDATE surface_state SET last_probe_at = ${nowIso} WHERE surface_id = ${surfaceId}`;
	const settled = sql<SurfaceState>`(SELECT settled_state FROM surface_checks WHERE surface_id = ${surfaceId})`;
	const transition = surfaceTransitionPlan(db, {
		surfaceId,
		state: settled,
		source: check.source,
		actor: check.source,
		publicNote: null,
		ticketPending: null,
		maintenanceUntil: null,
		auditNote: check.detail,
		nowIso,
		blockingHolds: HOLDS_BLOCKING[check.source],
		onlyIf: sql`${settled} IS NOT NULL`,
	});
	const readBack = sql`SELECT streak, settled_state FROM surface_checks WHERE surface_id = ${surfaceId}`;

	const head = [record, ...(check.recordsProbeTime ? [probeTime] : [])].map((query) => statement(db, query));
	return {
		statements: [...head, ...transition.statements, statement(db, readBack)],
		read(results) {
			const own = results.slice(head.length, head.length + transition.statements.length);
			const checkRow = results.at(-1)?.results[0] as
				| Pick<RawRow<typeof surfaceChecks>, "streak" | "settled_state">
				| undefined;
			return {
				streak: checkRow?.streak ?? 0,
				settledState: checkRow?.settled_state ?? null,
				transition: transition.read(own),
			};
		},
	};
}
