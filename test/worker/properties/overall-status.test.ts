import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { ATLASSIAN_V2_PATHS, PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { invalidatePublicReads } from "../../../src/public-cache/invalidate";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { SURFACES } from "../../../src/surfaces/registry";
import { byId, parseHtml, wordsOf } from "../page/html-tree";
import { call } from "../support/http";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";

// The page's overall status, set in D1 and read through every route that says it - the surfaces
// read, the HTML page's banner, Statuspage's status.json and summary.json, the badge, its shields.io
// endpoint and the health answer - against the table of docs/api.md ("The overall status"), written
// here apart from src/domain. Any surface can be the worst, the first and the last registered
// included. (Hand mutations caught: the overall over `[...states].slice(1)`, which ignores
// app-raxx-app; all-UNKNOWN read as "All Systems Operational"; the badge in the surface words.)

type State = "OPERATIONAL" | "MAINTENANCE" | "DEGRADED" | "PARTIAL" | "DOWN" | "UNKNOWN";
type Known = Exclude<State, "UNKNOWN">;
const BEST_TO_WORST: Known[] = ["OPERATIONAL", "MAINTENANCE", "DEGRADED", "PARTIAL", "DOWN"];

interface Overall {
	state: State;
	description: string;
	indicator: string;
	health: "ok" | "down" | "unknown";
}

/** The table of docs/api.md: the first row that matches the known states. */
function modelOverall(states: readonly State[]): Overall {
	const known = states.filter((state): state is Known => state !== "UNKNOWN");
	const every = (state: Known) => known.length > 0 && known.every((each) => each === state);
	const any = (state: Known) => known.includes(state);
	const row = (state: State, description: string, indicator: string, health: Overall["health"] = "ok") => ({
		state,
		description,
		indicator,
		health,
	});
	if (known.length === 0) return row("UNKNOWN", "Status Unknown", "none", "unknown");
	if (every("DOWN")) return row("DOWN", "Major System Outage", "critical", "down");
	if (any("DOWN")) return row("DOWN", "Partial System Outage", "major", "down");
	if (every("PARTIAL")) return row("PARTIAL", "Partial System Outage", "major");
	if (any("PARTIAL")) return row("PARTIAL", "Minor Service Outage", "minor");
	if (every("DEGRADED")) return row("DEGRADED", "Degraded System Service", "minor");
	if (any("DEGRADED")) return row("DEGRADED", "Partially Degraded Service", "minor");
	if (any("MAINTENANCE")) return row("MAINTENANCE", "Service Under Maintenance", "maintenance");
	return row("OPERATIONAL", "All Systems Operational", "none");
}

/** shields.io's colour of each state. */
const COLOURS: Record<State, string> = {
	OPERATIONAL: "brightgreen",
	MAINTENANCE: "blue",
	DEGRADED: "yellow",
	PARTIAL: "orange",
	DOWN: "red",
	UNKNOWN: "lightgrey",
};

const anyState = fc.constantFrom<State>(...BEST_TO_WORST, "UNKNOWN");
const fill = (state: State): State[] => Array<State>(SURFACES.length).fill(state);

/**
 * Every surface random; or one chosen surface (often the first or the last) strictly the worst; or
 * every known surface in one state (the rows that need agreement), the rest UNKNOWN.
 */
const assignment = fc.oneof(
	fc.array(anyState, { minLength: SURFACES.length, maxLength: SURFACES.length }),
	fc
		.record({
			worstAt: fc.oneof(
				fc.constant(0),
				fc.constant(SURFACES.length - 1),
				fc.integer({ min: 0, max: SURFACES.length - 1 }),
			),
			worst: fc.integer({ min: 1, max: BEST_TO_WORST.length - 1 }),
			others: fc.array(fc.nat(), { minLength: SURFACES.length, maxLength: SURFACES.length }),
		})
		.map(({ worstAt, worst, others }) =>
			others.map((pick, index): State => {
				if (index === worstAt) return BEST_TO_WORST[worst] as State;
				// Strictly better than the worst, or UNKNOWN.
				return pick % (worst + 1) === worst ? "UNKNOWN" : (BEST_TO_WORST[pick % (worst + 1)] as State);
			}),
		),
	fc
		.record({
			state: anyState,
			known: fc.array(fc.boolean(), { minLength: SURFACES.length, maxLength: SURFACES.length }),
		})
		.map(({ state, known }) => known.map((isKnown): State => (isKnown ? state : "UNKNOWN"))),
	fc.constant(fill("UNKNOWN")),
);

async function setStates(states: readonly State[]): Promise<void> {
	await clearTables();
	const now = new Date().toISOString();
	const rows = SURFACES.flatMap((surface, index) => {
		const state = states[index];
		if (state === undefined || state === "UNKNOWN") return [];
		return [
			env.DB.prepare(
				"INSERT INTO surface_state (surface_id, state, state_since, state_source, ticket_pending, public_note, updated_at) VALUES (?1, ?2, ?3, 'manual', 0, NULL, ?3)",
			).bind(surface.id, state, now),
		];
	});
	if (rows.length > 0) await env.DB.batch(rows);
	// Rows written beside the Worker: its caches learn of them as a write would tell them.
	await invalidatePublicReads(env);
	forgetIsolateCopies();
}

/** What every reader says of the overall status, read through its route. */
async function readEveryOutput() {
	const board = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
	const page = parseHtml(await (await call(PAGE_PATHS.home)).text());
	const status = (await (await call(ATLASSIAN_V2_PATHS.status)).json<{ status: unknown }>()).status;
	const summary = (await (await call(ATLASSIAN_V2_PATHS.summary)).json<{ status: unknown }>()).status;
	const badge = await (await call(PUBLIC_PATHS.badge)).text();
	const shields = await (await call(PUBLIC_PATHS.shields)).json();
	const health = await call(PUBLIC_PATHS.health);
	return {
		board,
		banner: wordsOf(byId(page, "overall")),
		status,
		summary,
		badge: /aria-label="([^"]*)"/.exec(badge)?.[1],
		shields,
		health: { code: health.status, status: (await health.json<{ status: string }>()).status },
	};
}

it(
	"every reader says the overall status in the words of the one table, whatever the surfaces' states",
	async () => {
		await fc.assert(
			fc.asyncProperty(assignment, async (states) => {
				await setStates(states);
				const expected = modelOverall(states);
				const read = await readEveryOutput();
				expect(read.board.surfaces.map((surface) => surface.state)).toEqual(states);
				expect(read.board.overall).toEqual({ state: expected.state, description: expected.description });
				// The banner: the state's symbol, the words, and how many surfaces are known to be in trouble.
				const affected = states.filter((state) => state !== "OPERATIONAL" && state !== "UNKNOWN").length;
				const count = affected === 0 ? "" : ` ${affected} of ${states.length} systems affected`;
				expect(read.banner).toMatch(new RegExp(`^\\S ${expected.description}${count}$`));
				const statuspage = { indicator: expected.indicator, description: expected.description };
				expect(read.status).toEqual(statuspage);
				expect(read.summary).toEqual(statuspage);
				expect(read.badge).toBe(`status: ${expected.description}`);
				expect(read.shields).toEqual({
					schemaVersion: 1,
					label: "status",
					message: expected.description,
					color: COLOURS[expected.state],
				});
				expect(read.health).toEqual({ code: expected.health === "down" ? 503 : 200, status: expected.health });
			}),
			{ numRuns: runs(60, 1000) },
		);
	},
	runs(120_000, 1_200_000),
);
