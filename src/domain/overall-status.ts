import type { Impact } from "./atlassian-v2-words";
import type { SurfaceState } from "./vocabulary";

// The page's overall status, and the one set of words every reader says it in: the page's banner,
// the surfaces read, Statuspage's `status` (status.json, summary.json), the badge and its shields.io
// endpoint, and the health answer. The table is in docs/api.md ("The overall status"), and
// test/unit/overall-status.test.ts holds it to this one.

/** What the health answer says: "down" (HTTP 503) when any surface is DOWN, else 200. */
export const HEALTH_WORDS = ["ok", "down", "unknown"] as const;
export type HealthWord = (typeof HEALTH_WORDS)[number];

type KnownState = Exclude<SurfaceState, "UNKNOWN">;

export interface OverallStatus {
	/** The worst state over the surfaces that are not UNKNOWN; UNKNOWN when none is known. */
	state: SurfaceState;
	/** The sentence every reader says (the banner, the JSON, Statuspage's description, the badge). */
	description: string;
	/** Statuspage's page indicator; `none` when nothing is known, as its clients accept no other word. */
	indicator: Impact;
	health: HealthWord;
}

export interface OverallRow extends OverallStatus {
	/** When the row applies, over the known states, as docs/api.md says it. */
	when: string;
	applies: (known: readonly KnownState[]) => boolean;
}

const every = (state: KnownState) => (known: readonly KnownState[]) =>
	known.length > 0 && known.every((each) => each === state);
const any = (state: KnownState) => (known: readonly KnownState[]) => known.includes(state);

/**
 * The first row that applies to the known states (UNKNOWN surfaces left out) is the overall status.
 * For one surface its words are Statuspage's published mapping; for many, Statuspage publishes only a
 * "best effort blend", and this one never reads better than the worst surface and, when every known
 * surface agrees, names their state exactly.
 */
export const OVERALL_ROWS: readonly OverallRow[] = [
	{
		when: "none known (every surface UNKNOWN)",
		applies: (known) => known.length === 0,
		state: "UNKNOWN",
		description: "Status Unknown",
		indicator: "none",
		health: "unknown",
	},
	{
		when: "every one DOWN",
		applies: every("DOWN"),
		state: "DOWN",
		description: "Major System Outage",
		indicator: "critical",
		health: "down",
	},
	{
		when: "any DOWN",
		applies: any("DOWN"),
		state: "DOWN",
		description: "Partial System Outage",
		indicator: "major",
		health: "down",
	},
	{
		when: "every one PARTIAL",
		applies: every("PARTIAL"),
		state: "PARTIAL",
		description: "Partial System Outage",
		indicator: "major",
		health: "ok",
	},
	{
		when: "any PARTIAL",
		applies: any("PARTIAL"),
		state: "PARTIAL",
		description: "Minor Service Outage",
		indicator: "minor",
		health: "ok",
	},
	{
		when: "every one DEGRADED",
		applies: every("DEGRADED"),
		state: "DEGRADED",
		description: "Degraded System Service",
		indicator: "minor",
		health: "ok",
	},
	{
		when: "any DEGRADED",
		applies: any("DEGRADED"),
		state: "DEGRADED",
		description: "Partially Degraded Service",
		indicator: "minor",
		health: "ok",
	},
	{
		when: "any MAINTENANCE",
		applies: any("MAINTENANCE"),
		state: "MAINTENANCE",
		description: "Service Under Maintenance",
		indicator: "maintenance",
		health: "ok",
	},
	{
		when: "otherwise (every known one OPERATIONAL)",
		applies: () => true,
		state: "OPERATIONAL",
		description: "All Systems Operational",
		indicator: "none",
		health: "ok",
	},
];

const isKnown = (state: SurfaceState): state is KnownState => state !== "UNKNOWN";

/** The overall status of surfaces in these states: the first row of OVERALL_ROWS that applies. */
export function overallStatus(states: Iterable<SurfaceState>): OverallStatus {
	const known = [...states].filter(isKnown);
	const row = OVERALL_ROWS.find((each) => each.applies(known)) as OverallRow;
	return { state: row.state, description: row.description, indicator: row.indicator, health: row.health };
}
