/**
 * A small in-memory model of the status system, written from docs/architecture.md's rules independently of
 * src/: what the public page should show after each command. The model-based test runs the same
 * commands against the Worker and compares.
 */
import { SURFACES } from "../../../src/surfaces/registry";

export type State = "OPERATIONAL" | "DEGRADED" | "PARTIAL" | "DOWN" | "MAINTENANCE" | "UNKNOWN";
export type Source = "manual" | "schedule" | "freescout" | "3p_poller" | "prober";
export type Severity = "degraded" | "partial" | "down" | "maintenance";
type Hold = "manual_hold" | "maintenance_window" | "open_ticket";

interface Row {
	state: State;
	source: Source;
	ticketPending: boolean;
	note: string | null;
	/** A window's end, as a token (only whether it is set, and that each new one differs, matter). */
	windowEnd: number | null;
}

interface Incident {
	surfaceId: string;
	severity: Severity;
	note: string | null;
	open: boolean;
	version: number;
}

interface Check {
	observation: State | "FAILED";
	streak: number;
	settled: State | null;
}

const RANK: Record<Severity, number> = { maintenance: 1, degraded: 2, partial: 3, down: 4 };
const STATE_OF: Record<Severity, State> = {
	maintenance: "MAINTENANCE",
	degraded: "DEGRADED",
	partial: "PARTIAL",
	down: "DOWN",
};
const BLOCKING: Record<Source, Hold[]> = {
	manual: [],
	schedule: ["manual_hold", "open_ticket"],
	freescout: ["manual_hold"],
	"3p_poller": ["manual_hold", "maintenance_window", "open_ticket"],
	prober: ["manual_hold", "maintenance_window", "open_ticket"],
};

export const PARTNERS = ["cloudflare", "alpaca", "plaid", "heroku"] as const;

interface Write {
	state: State;
	source: Source;
	/** undefined keeps the row's value. */
	ticketPending?: boolean;
	note: string | null;
	windowEnd: number | null;
}

export class StatusModel {
	readonly rows = new Map<string, Row>();
	readonly incidents = new Map<number, Incident>();
	readonly checks = new Map<string, Check>();
	private windowTokens = 0;

	constructor(readonly pollFailuresToUnknown: number) {}

	nextWindow(): number {
		this.windowTokens += 1;
		return this.windowTokens;
	}

	private holds(row: Row): Hold[] {
		const held: Hold[] = [];
		const manualState =
			["DEGRADED", "PARTIAL", "DOWN"].includes(row.state) || (row.state === "MAINTENANCE" && row.windowEnd === null);
		if (row.source === "manual" && manualState) held.push("manual_hold");
		if (row.state === "MAINTENANCE" && row.windowEnd !== null) held.push("maintenance_window");
		if (row.ticketPending) held.push("open_ticket");
		return held;
	}

	/** The transition verb: precedence, then the row if anything differs. */
	private transition(surfaceId: string, write: Write, blocking: Hold[] = BLOCKING[write.source]): void {
		const row = this.rows.get(surfaceId);
		if (row && blocking.some((hold) => this.holds(row).includes(hold))) return;
		this.rows.set(surfaceId, {
			state: write.state,
			source: write.source,
			ticketPending: write.ticketPending ?? row?.ticketPending ?? false,
			note: write.note,
			windowEnd: write.windowEnd,
		});
	}

	httpWrite(surfaceId: string, write: Write): void {
		this.transition(surfaceId, write);
	}

	/**
	 * A scheduled window starts on a surface: MAINTENANCE from the schedule with the window's note,
	 * under the schedule's precedence, ending at the latest of its windows (a new end: a new token); a
	 * surface in an operator's maintenance with an end keeps it, only its end moves.
	 */
	windowStart(surfaceId: string, note: string): void {
		const row = this.rows.get(surfaceId);
		const operators = row?.source === "manual" && row.state === "MAINTENANCE" && row.windowEnd !== null;
		if (row && operators) {
			// The operator's maintenance stays theirs (source and note); the window only extends its end.
			if (!BLOCKING.schedule.some((hold) => this.holds(row).includes(hold))) row.windowEnd = this.nextWindow();
			return;
		}
		this.transition(surfaceId, {
			state: "MAINTENANCE",
			source: "schedule",
			note,
			windowEnd: this.nextWindow(),
		});
	}

	private openIncidents(surfaceId: string) {
		return [...this.incidents.entries()]
			.filter(([, incident]) => incident.surfaceId === surfaceId && incident.open)
			.sort(([idA, a], [idB, b]) => RANK[b.severity] - RANK[a.severity] || idB - idA);
	}

	/** What FreeScout writes to a surface after its incidents changed. */
	private freescoutRecompute(surfaceId: string): void {
		const open = this.openIncidents(surfaceId);
		const row = this.rows.get(surfaceId);
		const worst = open[0]?.[1];
		const owned = row !== undefined && (row.source === "freescout" || row.source === "schedule");
		if (worst || owned) {
			const windowAhead = row?.windowEnd != null;
			this.transition(surfaceId, {
				state: worst ? STATE_OF[worst.severity] : windowAhead ? "MAINTENANCE" : "OPERATIONAL",
				source: "freescout",
				ticketPending: open.length > 0,
				note: worst?.note ?? null,
				windowEnd: row?.windowEnd ?? null,
			});
		}
		const after = this.rows.get(surfaceId);
		if (after) after.ticketPending = open.length > 0;
	}

	ticketEvent(ticketId: number, event: Omit<Incident, "version">, version: number): void {
		const before = this.incidents.get(ticketId);
		// An event older than the last one applied to its ticket changes nothing at all.
		// A repeat of the last event (same time, same content here: the generators never give one time
		// two contents) applies again. Two contents at one time: the first stands (hostile/freescout).
		if (before && version < before.version) return;
		this.incidents.set(ticketId, { ...event, version });
		const after = this.incidents.get(ticketId);
		if (after) this.freescoutRecompute(after.surfaceId);
		if (before && after && before.surfaceId !== after.surfaceId) this.freescoutRecompute(before.surfaceId);
	}

	/** One cycle of the jobs: expired windows end (when `late`), then every partner's poll. */
	cycle(pages: Record<(typeof PARTNERS)[number], State | "FAILED">, late: boolean): void {
		if (late) {
			for (const [surfaceId, row] of this.rows) {
				if (row.windowEnd === null) continue;
				const worst = this.openIncidents(surfaceId)[0]?.[1];
				this.transition(
					surfaceId,
					{
						state: worst ? STATE_OF[worst.severity] : (this.checks.get(surfaceId)?.settled ?? "OPERATIONAL"),
						source: "schedule",
						ticketPending: this.openIncidents(surfaceId).length > 0,
						note: worst?.note ?? null,
						windowEnd: null,
					},
					["manual_hold"],
				);
			}
		}
		for (const partner of PARTNERS) {
			const observation = pages[partner];
			const previous = this.checks.get(partner);
			const streak = previous?.observation === observation ? previous.streak + 1 : 1;
			const threshold = observation === "FAILED" ? this.pollFailuresToUnknown : 1;
			const settled =
				streak >= threshold ? (observation === "FAILED" ? "UNKNOWN" : observation) : (previous?.settled ?? null);
			this.checks.set(partner, { observation, streak, settled });
			if (settled !== null) {
				this.transition(partner, { state: settled, source: "3p_poller", note: null, windowEnd: null });
			}
		}
	}

	/** The public page as the model sees it. */
	publicView() {
		const states = SURFACES.map((surface) => {
			const row = this.rows.get(surface.id);
			return {
				id: surface.id,
				state: row?.state ?? "UNKNOWN",
				ticket_pending: row?.ticketPending ?? false,
				public_note: row?.note ?? null,
				in_window: row?.windowEnd != null,
			};
		});
		const incidents = [...this.incidents.values()]
			.map((incident) => ({
				surface_id: incident.surfaceId,
				severity: incident.severity,
				status: incident.open ? "investigating" : "resolved",
				public_note: incident.note,
			}))
			.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
		return { states, incidents };
	}
}

// Maintenance windows over many surfaces, overlapping, cancelled in the middle: a model of the
// windows and of the maintenance they put their surfaces in, from docs/architecture.md's rules.

export interface ModelWindow {
	key: string;
	/** Creation order: the id's order. */
	order: number;
	surfaceIds: readonly string[];
	start: number;
	end: number;
	note: string;
	status: "scheduled" | "in_progress" | "completed" | "cancelled";
}

export interface ModelSurface {
	state: "OPERATIONAL" | "MAINTENANCE";
	until: number | null;
	note: string | null;
}

export class WindowModel {
	readonly windows: ModelWindow[] = [];
	readonly surfaces = new Map<string, ModelSurface>();

	constructor(
		surfaceIds: readonly string[],
		readonly cap: number,
	) {
		for (const id of surfaceIds) this.surfaces.set(id, { state: "OPERATIONAL", until: null, note: null });
	}

	open(now: number): ModelWindow[] {
		return this.windows.filter(
			(window) => (window.status === "scheduled" || window.status === "in_progress") && window.end > now,
		);
	}

	/** Whether the announcement is accepted (false: the cap refuses it, nothing changes). */
	announce(window: Omit<ModelWindow, "order" | "status">, now: number): boolean {
		if (this.open(now).length >= this.cap) return false;
		this.windows.push({ ...window, order: this.windows.length, status: "scheduled" });
		return true;
	}

	/** The maintenance a surface is in by the windows in progress: the latest end, the note of the one ending last. */
	private fromWindows(surfaceId: string, now: number): { until: number; note: string } | null {
		const covering = this.windows
			.filter((window) => window.status === "in_progress" && window.end > now && window.surfaceIds.includes(surfaceId))
			.sort((a, b) => b.end - a.end || a.start - b.start || a.order - b.order);
		const [last] = covering;
		return last ? { until: last.end, note: last.note } : null;
	}

	cycle(now: number): void {
		const starting = new Set<string>();
		for (const window of this.windows) {
			if (window.status === "scheduled" && window.end <= now) window.status = "completed";
			else if (window.status === "scheduled" && window.start <= now) {
				window.status = "in_progress";
				for (const id of window.surfaceIds) starting.add(id);
			} else if (window.status === "in_progress" && window.end <= now) window.status = "completed";
		}
		for (const [id, surface] of this.surfaces) {
			if (starting.has(id)) {
				const from = this.fromWindows(id, now);
				if (from) this.surfaces.set(id, { state: "MAINTENANCE", until: from.until, note: from.note });
			} else if (surface.until !== null && surface.until <= now) {
				this.surfaces.set(id, { state: "OPERATIONAL", until: null, note: null });
			}
		}
	}

	/** Whether a window was there to cancel. */
	cancel(key: string, now: number): boolean {
		const window = this.windows.find((each) => each.key === key);
		if (!window || (window.status !== "scheduled" && window.status !== "in_progress")) return false;
		const started = window.status === "in_progress";
		window.status = "cancelled";
		if (!started) return true;
		for (const id of window.surfaceIds) {
			if (this.surfaces.get(id)?.state !== "MAINTENANCE") continue;
			const from = this.fromWindows(id, now);
			this.surfaces.set(
				id,
				from
					? { state: "MAINTENANCE", until: from.until, note: from.note }
					: { state: "OPERATIONAL", until: null, note: null },
			);
		}
		return true;
	}
}
