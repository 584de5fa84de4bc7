import { HOLDS_BLOCKING_MAINTENANCE_END } from "../../domain/precedence";
import type { SurfaceState } from "../../domain/vocabulary";
import type { BatchPlan } from "../batch-plan";
import type { RawRow, surfaceState } from "../schema";
import { type Db, type SQL, sql, statement } from "../sql";
import { derivedFromIncidents } from "../surfaces/freescout-sync";
import { type SurfaceTransitionResult, surfaceTransitionPlan } from "../surfaces/transition";

/**
 * Surfaces whose maintenance window has ended. The state may no longer be MAINTENANCE: an incident
 * opened during the window shows its severity, and the window's end is still to be recorded.
 */
export function expiredMaintenanceStatement(db: Db, nowIso: string): D1PreparedStatement {
	return statement(db, sql`SELECT surface_id FROM surface_state WHERE maintenance_until <= ${nowIso}`);
}

export function expiredFromResult(result: D1Result | undefined): string[] {
	return ((result?.results ?? []) as Pick<RawRow<typeof surfaceState>, "surface_id">[]).map((row) => row.surface_id);
}

/**
 * Ends an expired window (source schedule, with its audit row): the surface returns to what its
 * other sources say - its worst open incident, else the state its automated check has settled on,
 * else OPERATIONAL. Re-checked inside the batch, so a window extended meanwhile stays.
 */
export function maintenanceEndPlan(db: Db, surfaceId: string, nowIso: string): BatchPlan<SurfaceTransitionResult> {
	const settledByChecks: SQL<SurfaceState> = sql`coalesce(
		(SELECT settled_state FROM surface_checks WHERE surface_id = ${surfaceId}), 'OPERATIONAL')`;
	const derived = derivedFromIncidents(surfaceId, settledByChecks);
	return surfaceTransitionPlan(db, {
		surfaceId,
		state: derived.state,
		source: "schedule",
		actor: "schedule",
		publicNote: derived.publicNote,
		ticketPending: derived.ticketPending,
		maintenanceUntil: null,
		auditNote: "maintenance window ended",
		nowIso,
		blockingHolds: HOLDS_BLOCKING_MAINTENANCE_END,
		onlyIf: sql`EXISTS (SELECT 1 FROM surface_state WHERE surface_id = ${surfaceId}
			AND maintenance_until <= ${nowIso})`,
	});
}
