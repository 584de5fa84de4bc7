import { HOLDS_BLOCKING } from "../../domain/precedence";
import type { SurfaceState } from "../../domain/vocabulary";
import type { BatchPlan } from "../batch-plan";
import type { SurfaceStateRow } from "../schema";
import { type Db, type SQL, sql, statement } from "../sql";
import { type RawSurfaceStateRow, surfaceStateFromRaw } from "./rows";
import { type SurfaceTransitionResult, surfaceTransitionPlan } from "./transition";

const severityRank = sql`CASE severity WHEN 'down' THEN 4 WHEN 'partial' THEN 3 WHEN 'degraded' THEN 2 ELSE 1 END`;

/**
 * The surface as its open incidents say, read inside the batch so that concurrent events on one
 * surface each see the others' committed incidents:
 * - state: the worst open severity; with none open, `otherwise`;
 * - public note: the note of the worst (then newest) open incident;
 * - ticket_pending: whether any incident is open.
 */
export function derivedFromIncidents(surfaceId: string, otherwise: SQL<SurfaceState>) {
	const open = sql`status_incidents.surface_id = ${surfaceId} AND status_incidents.resolved_at IS NULL`;
	const anyOpen = sql`EXISTS (SELECT 1 FROM status_incidents WHERE ${open})`;
	const state = sql<SurfaceState>`(CASE (SELECT max(${severityRank}) FROM status_incidents WHERE ${open})
		WHEN 4 THEN 'DOWN' WHEN 3 THEN 'PARTIAL' WHEN 2 THEN 'DEGRADED' WHEN 1 THEN 'MAINTENANCE'
		ELSE ${otherwise} END)`;
	const publicNote = sql<string | null>`(SELECT public_note FROM status_incidents WHERE ${open}
		ORDER BY ${severityRank} DESC, opened_at DESC, id DESC LIMIT 1)`;
	const ticketPending = sql<0 | 1>`(CASE WHEN ${anyOpen} THEN 1 ELSE 0 END)`;
	return { anyOpen, state, publicNote, ticketPending };
}

export interface FreeScoutSurfaceResult {
	transition: SurfaceTransitionResult;
	ticketPendingSynced: boolean;
	/** The row after both the transition and the ticket_pending sync. */
	surface: SurfaceStateRow | null;
}

/**
 * FreeScout's write to one surface, after its incidents changed in the same batch. FreeScout
 * drives the state while it has an open incident there, and returns it to normal when the last
 * one resolves if the state is still its own (or the schedule's, which ended a window on it); a
 * manual hold keeps the state (domain/precedence.ts).
 * Whatever holds, ticket_pending follows the open incidents (FreeScout owns it), with an audit row.
 */
export function freescoutSurfacePlan(
	db: Db,
	surfaceId: string,
	auditNote: string,
	nowIso: string,
	/** When given, nothing is written unless it holds (the event was not stale). */
	onlyIf: SQL = sql`1`,
): BatchPlan<FreeScoutSurfaceResult> {
	// With no incident open: MAINTENANCE while a window is still ahead, else OPERATIONAL.
	const derived = derivedFromIncidents(
		surfaceId,
		sql<SurfaceState>`(CASE WHEN (SELECT maintenance_until FROM surface_state WHERE surface_id = ${surfaceId}) > ${nowIso}
			THEN 'MAINTENANCE' ELSE 'OPERATIONAL' END)`,
	);
	const currentRow = sql`(SELECT maintenance_until FROM surface_state WHERE surface_id = ${surfaceId})`;
	// The schedule hands a surface back to FreeScout when a window ends on an open incident.
	const ownedByFreeScout: SQL = sql`EXISTS (SELECT 1 FROM surface_state
		WHERE surface_id = ${surfaceId} AND state_source IN ('freescout', 'schedule'))`;

	const transition = surfaceTransitionPlan(db, {
		surfaceId,
		state: derived.state,
		source: "freescout",
		actor: "freescout",
		publicNote: derived.publicNote,
		ticketPending: derived.ticketPending,
		maintenanceUntil: currentRow as SQL<string | null>,
		auditNote,
		nowIso,
		blockingHolds: HOLDS_BLOCKING.freescout,
		onlyIf: sql`(${derived.anyOpen} OR ${ownedByFreeScout}) AND ${onlyIf}`,
	});

	const pendingDiffers = sql`surface_id = ${surfaceId} AND ticket_pending != ${derived.ticketPending} AND ${onlyIf}`;
	const syncAudit = sql`INSERT INTO status_audit_log
		(surface_id, actor, previous_state, new_state, source, note, created_at)
		SELECT surface_id, 'freescout', state, state, 'freescout', ${`${auditNote} (ticket_pending only)`}, ${nowIso}
		FROM surface_state WHERE ${pendingDiffers}`;
	const syncRow = sql`UPDATE surface_state SET ticket_pending = ${derived.ticketPending}, updated_at = ${nowIso}
		WHERE ${pendingDiffers}`;

	const finalRow = sql`SELECT * FROM surface_state WHERE surface_id = ${surfaceId}`;

	const transitionCount = transition.statements.length;
	return {
		statements: [...transition.statements, ...[syncAudit, syncRow, finalRow].map((query) => statement(db, query))],
		read(results) {
			const row = results[transitionCount + 2]?.results[0] as RawSurfaceStateRow | undefined;
			return {
				transition: transition.read(results.slice(0, transitionCount)),
				ticketPendingSynced: (results[transitionCount]?.meta.changes ?? 0) > 0,
				surface: row ? surfaceStateFromRaw(row) : null,
			};
		},
	};
}
