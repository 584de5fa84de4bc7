import { worstState } from "./severity";
import type { SurfaceState } from "./vocabulary";

export interface OverallStatus {
	state: SurfaceState;
	description: string;
}

const DESCRIPTIONS: Record<SurfaceState, string> = {
	OPERATIONAL: "All systems operational",
	MAINTENANCE: "Scheduled maintenance in progress",
	DEGRADED: "Degraded performance",
	PARTIAL: "Partial outage",
	DOWN: "Major outage",
	UNKNOWN: "Status unknown",
};

/** Overall status = the worst state over surfaces that are not UNKNOWN; UNKNOWN if all are. */
export function overallStatus(states: Iterable<SurfaceState>): OverallStatus {
	const state = worstState(states);
	return { state, description: DESCRIPTIONS[state] };
}
