import type { StateSource, SurfaceState } from "./vocabulary";

/**
 * The holds a surface can be under, each read from its current surface_state row:
 * - manual_hold: a manual write set DEGRADED, PARTIAL, DOWN, or MAINTENANCE with no end; it lasts
 *   until a manual write clears it.
 * - maintenance_window: MAINTENANCE whose maintenance_until is still in the future.
 * - open_ticket: ticket_pending = 1 (FreeScout has an open incident on the surface).
 */
export const HOLDS = ["manual_hold", "maintenance_window", "open_ticket"] as const;
export type Hold = (typeof HOLDS)[number];

/** The states a manual write holds until a manual write clears them (and MAINTENANCE with no end). */
export const MANUAL_HOLD_STATES = ["DEGRADED", "PARTIAL", "DOWN"] as const satisfies readonly SurfaceState[];

/**
 * Writer precedence (docs/architecture.md, "Writer precedence"), the one place it is decided: the holds
 * that stop a write from each source, checked in this order. A blocked write is accepted but
 * changes nothing and writes no audit row.
 */
export const HOLDS_BLOCKING: Record<StateSource, readonly Hold[]> = {
	manual: [],
	schedule: ["manual_hold", "open_ticket"],
	freescout: ["manual_hold"],
	"3p_poller": ["manual_hold", "maintenance_window", "open_ticket"],
	prober: ["manual_hold", "maintenance_window", "open_ticket"],
};

/** Sources that may write through the update-surface endpoint (FreeScout writes through its webhook). */
export const UPDATE_SURFACE_SOURCES = [
	"manual",
	"schedule",
	"3p_poller",
	"prober",
] as const satisfies readonly StateSource[];

/**
 * Ending an expired maintenance window (source schedule) gives way only to a manual hold: the state
 * it returns to already accounts for open tickets and the automated checks.
 */
export const HOLDS_BLOCKING_MAINTENANCE_END: readonly Hold[] = ["manual_hold"];
