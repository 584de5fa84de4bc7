import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { PUBLIC_PATHS } from "../../../src/paths";
import { invalidatePublicReads } from "../../../src/public-cache/invalidate";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { SURFACES } from "../../../src/surfaces/registry";
import { call } from "../support/http";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";

// The page's overall state, through the public read, against a model written
// apart from src/domain: any surface can be the worst, the first and the last registered included.
// (Hand mutation caught: overallStatus over `[...states].slice(1)`, which ignores app-raxx-app.)

type State = "OPERATIONAL" | "MAINTENANCE" | "DEGRADED" | "PARTIAL" | "DOWN" | "UNKNOWN";
const BEST_TO_WORST: State[] = ["OPERATIONAL", "MAINTENANCE", "DEGRADED", "PARTIAL", "DOWN"];

/** The model: UNKNOWN counts for nothing; the worst of the rest; UNKNOWN when nothing is known. */
function modelOverall(states: readonly State[]): State {
	let worst = -1;
	for (const state of states) if (state !== "UNKNOWN") worst = Math.max(worst, BEST_TO_WORST.indexOf(state));
	return worst < 0 ? "UNKNOWN" : (BEST_TO_WORST[worst] as State);
}

const anyState = fc.constantFrom<State>(...BEST_TO_WORST, "UNKNOWN");

/** Every surface random; or one chosen surface (often the first or the last) strictly the worst. */
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

it("the overall state is the worst known surface's, whichever surface that is", async () => {
	await fc.assert(
		fc.asyncProperty(assignment, async (states) => {
			await setStates(states);
			const board = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
			expect(board.surfaces.map((surface) => surface.state)).toEqual(states);
			expect(board.overall.state).toBe(modelOverall(states));
		}),
		{ numRuns: runs(60, 1000) },
	);
});
