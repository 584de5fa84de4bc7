import { beforeEach, describe, expect, it } from "vitest";
import type { PublicSurfacesAnswer, UpdateSurfaceAnswer } from "../../src/http/surfaces/schemas";
import { PUBLIC_PATHS } from "../../src/paths";
import { call, updateSurface } from "./support/http";
import { auditFor, clearTables, expectUnbrokenChain, readTables } from "./support/tables";

beforeEach(clearTables);

async function write(body: Record<string, unknown>): Promise<UpdateSurfaceAnswer> {
	const response = await updateSurface({ surface_id: "app-raxx-app", state_source: "manual", actor: "ops", ...body });
	expect(response.status, await response.clone().text()).toBe(200);
	return response.json<UpdateSurfaceAnswer>();
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("the manual state override", () => {
	it("sets DEGRADED with a note and ticket_pending, then clears back to OPERATIONAL", async () => {
		// The two bodies exactly as the runbook writes them.
		const degrade = await updateSurface(`{
"surface_id": "app-raxx-app",
"state": "DEGRADED",
"state_source": "manual",
"actor": "ops",
"public_note": "Investigating login issues",
"ticket_pending": true
}`);
		expect(degrade.status).toBe(200);
		expect(await degrade.json()).toMatchObject({
			applied: true,
			changed: true,
			surface: { state: "DEGRADED", public_note: "Investigating login issues", ticket_pending: true },
		});

		const clear = await updateSurface(
			'{"surface_id": "app-raxx-app", "state": "OPERATIONAL", "state_source": "manual", "actor": "ops", "public_note": null, "ticket_pending": false}',
		);
		expect(clear.status).toBe(200);
		expect(await clear.json()).toMatchObject({
			applied: true,
			changed: true,
			surface: { state: "OPERATIONAL", public_note: null, ticket_pending: false },
		});

		const audit = await auditFor("app-raxx-app");
		expect(audit.map((row) => [row.previous_state, row.new_state, row.source, row.actor])).toEqual([
			[null, "DEGRADED", "manual", "ops"],
			["DEGRADED", "OPERATIONAL", "manual", "ops"],
		]);

		const publicView = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
		expect(publicView.surfaces.find((surface) => surface.id === "app-raxx-app")?.state).toBe("OPERATIONAL");
	});
});

describe("the transition verb", () => {
	it("writes the row and exactly one audit row, with a NULL previous_state, on the first write", async () => {
		const answer = await write({ state: "DOWN", public_note: "Orders are failing" });
		const tables = await readTables();
		expect(tables.surface_state).toEqual([
			{
				surface_id: "app-raxx-app",
				state: "DOWN",
				state_since: answer.surface.updated_at,
				state_source: "manual",
				ticket_pending: 0,
				public_note: "Orders are failing",
				last_probe_at: null,
				maintenance_until: null,
				updated_at: answer.surface.updated_at,
			},
		]);
		expect(tables.status_audit_log).toEqual([
			{
				id: expect.any(Number),
				surface_id: "app-raxx-app",
				actor: "ops",
				previous_state: null,
				new_state: "DOWN",
				source: "manual",
				note: "Orders are failing",
				created_at: answer.surface.updated_at,
			},
		]);
	});

	it("writes nothing at all for a repeated identical write", async () => {
		const first = await write({ state: "DEGRADED", public_note: "Slow fills", ticket_pending: true });
		const before = await readTables();
		await tick();
		for (let attempt = 0; attempt < 3; attempt += 1) {
			const again = await write({ state: "DEGRADED", public_note: "Slow fills", ticket_pending: true });
			expect(again).toMatchObject({ applied: true, changed: false });
			expect(again.surface.updated_at).toBe(first.surface.updated_at);
		}
		expect(await readTables()).toEqual(before);
	});

	it("moves state_since only when the state changes, and updated_at on every change", async () => {
		const first = await write({ state: "DEGRADED", public_note: "Investigating" });
		await tick();
		const noteOnly = await write({ state: "DEGRADED", public_note: "Identified: a bad deploy" });
		expect(noteOnly.changed).toBe(true);
		expect(noteOnly.surface.state_since).toBe(first.surface.state_since);
		expect(noteOnly.surface.updated_at > first.surface.updated_at).toBe(true);
		await tick();
		const recovered = await write({ state: "OPERATIONAL" });
		expect(recovered.surface.state_since).toBe(recovered.surface.updated_at);
		expect(recovered.surface.state_since > first.surface.state_since).toBe(true);
		expect(recovered.surface.public_note).toBeNull();

		const audit = await auditFor("app-raxx-app");
		expect(audit.map((row) => [row.previous_state, row.new_state, row.note])).toEqual([
			[null, "DEGRADED", "Investigating"],
			["DEGRADED", "DEGRADED", "Identified: a bad deploy"],
			["DEGRADED", "OPERATIONAL", null],
		]);
	});

	it("keeps ticket_pending when a write omits it, and sets it when a write gives it", async () => {
		await write({ state: "DEGRADED", ticket_pending: true });
		expect((await write({ state: "PARTIAL" })).surface.ticket_pending).toBe(true);
		expect((await write({ state: "PARTIAL", ticket_pending: false })).surface.ticket_pending).toBe(false);
	});

	it("stores maintenance_until in UTC with MAINTENANCE and clears it with the next state", async () => {
		const until = new Date(Date.now() + 3_600_000);
		const inWindow = await write({
			state: "MAINTENANCE",
			maintenance_until: until.toISOString().replace("Z", "+00:00"),
		});
		expect(inWindow.surface.maintenance_until).toBe(until.toISOString());
		const after = await write({ state: "OPERATIONAL" });
		expect(after.surface.maintenance_until).toBeNull();
	});

	it("keeps an unbroken audit chain under 50 concurrent writers on one surface", async () => {
		const states = ["DEGRADED", "OPERATIONAL"] as const;
		const answers = await Promise.all(
			Array.from({ length: 50 }, (_, index) =>
				updateSurface({
					surface_id: "order-placement",
					state: states[index % 2],
					state_source: "manual",
					actor: `writer-${index}`,
				}).then((response) => response.json<UpdateSurfaceAnswer>()),
			),
		);
		const realChanges = answers.filter((answer) => answer.changed).length;
		const audit = await auditFor("order-placement");

		expect(audit).toHaveLength(realChanges);
		expectUnbrokenChain(audit);
		for (const entry of audit) expect(entry.previous_state).not.toBe(entry.new_state);
		// Each writer that changed the row is in the log exactly once, and no other writer is.
		const changedActors = answers.flatMap((answer, index) => (answer.changed ? [`writer-${index}`] : []));
		expect(audit.map((entry) => entry.actor).sort()).toEqual(changedActors.sort());
		const finalRow = (await readTables()).surface_state[0];
		expect(finalRow?.state).toBe(audit.at(-1)?.new_state);
	});

	it("keeps each surface's chain when concurrent writers spread over several surfaces", async () => {
		const surfaces = ["login", "deposits", "withdrawals", "charts"];
		const ladder = ["DEGRADED", "PARTIAL", "DOWN", "OPERATIONAL"] as const;
		const answers = await Promise.all(
			Array.from({ length: 48 }, (_, index) =>
				updateSurface({
					surface_id: surfaces[index % surfaces.length],
					state: ladder[Math.floor(index / surfaces.length) % ladder.length],
					state_source: "manual",
					actor: "ops",
				}).then((response) => response.json<UpdateSurfaceAnswer>()),
			),
		);
		for (const surfaceId of surfaces) {
			const audit = await auditFor(surfaceId);
			const changes = answers.filter((answer) => answer.changed && answer.surface.surface_id === surfaceId);
			expect(audit).toHaveLength(changes.length);
			expectUnbrokenChain(audit);
		}
	});
});
