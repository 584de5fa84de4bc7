import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { HOLDS_BLOCKING } from "../../src/domain/precedence";
import type { UpdateSurfaceAnswer } from "../../src/http/surfaces/schemas";
import { updateSurface } from "./support/http";
import { auditFor, clearTables } from "./support/tables";

beforeEach(clearTables);

const SURFACE = "realtime-quotes";

type HoldSetup = "none" | "manual_hold" | "maintenance_window" | "expired_maintenance" | "open_ticket";

/** Puts the surface under a hold through the API (the ticket through its column until FreeScout lands). */
async function arrange(hold: HoldSetup): Promise<void> {
	const manual = (body: Record<string, unknown>) =>
		updateSurface({ surface_id: SURFACE, state_source: "manual", actor: "ops", ...body });
	switch (hold) {
		case "none":
			await manual({ state: "OPERATIONAL" });
			return;
		case "manual_hold":
			await manual({ state: "DOWN", public_note: "Declared by ops" });
			return;
		case "maintenance_window":
			await manual({ state: "MAINTENANCE", maintenance_until: new Date(Date.now() + 3_600_000).toISOString() });
			return;
		case "expired_maintenance":
			await manual({ state: "MAINTENANCE", maintenance_until: new Date(Date.now() + 3_600_000).toISOString() });
			await env.DB.prepare("UPDATE surface_state SET maintenance_until = ? WHERE surface_id = ?")
				.bind("2020-01-01T00:00:00.000Z", SURFACE)
				.run();
			return;
		case "open_ticket":
			await manual({ state: "OPERATIONAL", ticket_pending: true });
			return;
	}
}

// The truth table of docs/architecture.md, "Writer precedence": which hold stops which writer (through update-surface).
const EXPECTED: Record<string, Record<HoldSetup, string | null>> = {
	manual: { none: null, manual_hold: null, maintenance_window: null, expired_maintenance: null, open_ticket: null },
	schedule: {
		none: null,
		manual_hold: "manual_hold",
		maintenance_window: null,
		expired_maintenance: null,
		open_ticket: "open_ticket",
	},
	"3p_poller": {
		none: null,
		manual_hold: "manual_hold",
		maintenance_window: "maintenance_window",
		expired_maintenance: null,
		open_ticket: "open_ticket",
	},
	prober: {
		none: null,
		manual_hold: "manual_hold",
		maintenance_window: "maintenance_window",
		expired_maintenance: null,
		open_ticket: "open_ticket",
	},
};

describe("writer precedence", () => {
	for (const [source, row] of Object.entries(EXPECTED)) {
		for (const [hold, reason] of Object.entries(row) as [HoldSetup, string | null][]) {
			it(`${source} against ${hold}: ${reason ? `held (${reason})` : "applies"}`, async () => {
				await arrange(hold);
				const before = await auditFor(SURFACE);
				const response = await updateSurface({
					surface_id: SURFACE,
					state: "PARTIAL",
					state_source: source,
					actor: source,
				});
				expect(response.status).toBe(200);
				const answer = await response.json<UpdateSurfaceAnswer>();
				const after = await auditFor(SURFACE);
				if (reason === null) {
					expect(answer).toMatchObject({ applied: true, surface: { state: "PARTIAL" } });
					expect(after).toHaveLength(before.length + 1);
					expect(after.at(-1)).toMatchObject({ source, new_state: "PARTIAL" });
				} else {
					expect(answer.applied).toBe(false);
					expect(answer.reason).toBe(reason);
					// held_by is the hold's name in every answer; reason stays one release as its alias.
					expect(answer.held_by).toBe(reason);
					expect(answer.surface.state).not.toBe("PARTIAL");
					expect(after).toEqual(before);
				}
			});
		}
	}

	it("a manual write of OPERATIONAL releases the manual hold for the automated writers", async () => {
		await arrange("manual_hold");
		await updateSurface({ surface_id: SURFACE, state: "OPERATIONAL", state_source: "manual", actor: "ops" });
		const response = await updateSurface({
			surface_id: SURFACE,
			state: "DEGRADED",
			state_source: "prober",
			actor: "prober",
		});
		expect(await response.json()).toMatchObject({ applied: true, surface: { state: "DEGRADED" } });
	});

	it("the HTTP table above covers every source the domain's precedence table names", () => {
		expect(Object.keys(EXPECTED).sort()).toEqual(
			Object.keys(HOLDS_BLOCKING)
				.filter((source) => source !== "freescout")
				.sort(),
		);
		expect(HOLDS_BLOCKING.freescout).toEqual(["manual_hold"]);
	});
});
