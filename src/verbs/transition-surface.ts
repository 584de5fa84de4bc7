import { runBatch } from "../db/batch-plan";
import type { SurfaceStateRow } from "../db/schema";
import type { Db } from "../db/sql";
import { surfaceTransitionPlan } from "../db/surfaces/transition";
import { DomainError } from "../domain/errors";
import { INSTANT_RANGE_TEXT, isSupportedInstant } from "../domain/instants";
import { MAX_WINDOW_DAYS, MAX_WINDOW_MS } from "../domain/maintenance-window";
import { HOLDS_BLOCKING, type Hold } from "../domain/precedence";
import { publicTextProblem } from "../domain/public-text";
import type { StateSource, SurfaceState } from "../domain/vocabulary";
import { isRegisteredSurface, notRegistered } from "../surfaces/registry";

export interface SurfaceWrite {
	surfaceId: string;
	state: SurfaceState;
	source: StateSource;
	actor: string;
	publicNote: string | null;
	/** Omitted keeps the surface's current ticket_pending (FreeScout owns it; a manual write may set it). */
	ticketPending?: boolean;
	/** Only with MAINTENANCE; the instant the window ends. */
	maintenanceUntil: Date | null;
	/** Context for the audit row; defaults to the public note. */
	auditNote?: string | null;
	/** false: subscribers are not told (no outbox event). */
	notify?: boolean;
}

export type TransitionOutcome =
	| { applied: true; changed: boolean; previous: SurfaceStateRow | null; surface: SurfaceStateRow }
	| { applied: false; heldBy: Hold; previous: SurfaceStateRow; surface: SurfaceStateRow };

/**
 * Moves a surface to a new state on behalf of one writer: precedence, the state row and its audit
 * row decided and written together in one D1 batch.
 */
export async function transitionSurface(db: Db, write: SurfaceWrite, now: Date): Promise<TransitionOutcome> {
	if (!isRegisteredSurface(write.surfaceId)) {
		throw new DomainError("unknown_surface", notRegistered([write.surfaceId]));
	}
	const noteProblem = write.publicNote === null ? null : publicTextProblem(write.publicNote);
	if (noteProblem) throw new DomainError("invalid_public_text", `public_note ${noteProblem}.`);
	if (write.maintenanceUntil !== null && !isSupportedInstant(write.maintenanceUntil.getTime())) {
		throw new DomainError("instant_out_of_range", `maintenance_until must be an instant ${INSTANT_RANGE_TEXT}.`);
	}
	if (write.maintenanceUntil !== null && write.maintenanceUntil.getTime() <= now.getTime()) {
		throw new DomainError("maintenance_until_not_in_future", "maintenance_until must be in the future.");
	}
	if (write.maintenanceUntil !== null && write.maintenanceUntil.getTime() > now.getTime() + MAX_WINDOW_MS) {
		throw new DomainError(
			"maintenance_too_far_ahead",
			`maintenance_until must be at most ${MAX_WINDOW_DAYS} days ahead, the longest a maintenance lasts.`,
		);
	}

	const [result] = await runBatch(
		db,
		surfaceTransitionPlan(db, {
			surfaceId: write.surfaceId,
			state: write.state,
			source: write.source,
			actor: write.actor,
			publicNote: write.publicNote,
			ticketPending: write.ticketPending === undefined ? null : write.ticketPending ? 1 : 0,
			maintenanceUntil: write.maintenanceUntil?.toISOString() ?? null,
			auditNote: write.auditNote === undefined ? write.publicNote : write.auditNote,
			nowIso: now.toISOString(),
			blockingHolds: HOLDS_BLOCKING[write.source],
			notify: write.notify !== false,
		}),
	);
	const { before, blockingHold, after } = result;
	if (after === null) {
		// Unreachable: an unblocked write to a missing row inserts it, and a hold needs a row.
		throw new Error(`surface_state row for '${write.surfaceId}' missing after its transition`);
	}
	if (blockingHold !== null && before !== null) {
		return { applied: false, heldBy: blockingHold, previous: before, surface: after };
	}
	return { applied: true, changed: result.changed, previous: before, surface: after };
}
