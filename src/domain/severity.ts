import type { SurfaceState } from "./vocabulary";

// Worst first: DOWN > PARTIAL > DEGRADED > MAINTENANCE > OPERATIONAL.
const RANK: Record<Exclude<SurfaceState, "UNKNOWN">, number> = {
	OPERATIONAL: 0,
	MAINTENANCE: 1,
	DEGRADED: 2,
	PARTIAL: 3,
	DOWN: 4,
};

/** The worst of the known states; UNKNOWN only when every state is UNKNOWN (or there are none). */
export function worstState(states: Iterable<SurfaceState>): SurfaceState {
	let worst: SurfaceState = "UNKNOWN";
	for (const state of states) {
		if (state === "UNKNOWN") continue;
		if (worst === "UNKNOWN" || RANK[state] > RANK[worst]) worst = state;
	}
	return worst;
}
