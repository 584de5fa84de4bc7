import { beforeEach, describe, expect, it } from "vitest";
import type { SeedSurfacesAnswer } from "../../src/http/surfaces/schemas";
import { INTERNAL_PATHS } from "../../src/paths";
import { SURFACES } from "../../src/surfaces/registry";
import { CURRENT_TOKEN, call, expectProblem, updateSurface } from "./support/http";
import { clearTables, readTables } from "./support/tables";

beforeEach(clearTables);

const seed = (token: string | null = CURRENT_TOKEN) =>
	call(INTERNAL_PATHS.seedSurfaces, {
		method: "POST",
		headers: token === null ? {} : { "X-Internal-Status-Token": token },
	});

describe("POST /api/internal/status/seed-surfaces", () => {
	it("creates an UNKNOWN row and one audit row for every registered surface", async () => {
		const response = await seed();
		expect(await response.json()).toEqual({ created: 24, existing: 0, total: 24 });
		const tables = await readTables();
		expect(tables.surface_state.map((row) => row.surface_id).sort()).toEqual(SURFACES.map((s) => s.id).sort());
		expect(new Set(tables.surface_state.map((row) => row.state))).toEqual(new Set(["UNKNOWN"]));
		expect(tables.status_audit_log).toHaveLength(24);
		expect(tables.status_audit_log[0]).toMatchObject({ previous_state: null, new_state: "UNKNOWN", actor: "seed" });
	});

	it("is idempotent and never touches an existing row", async () => {
		await updateSurface({
			surface_id: "cloudflare",
			state: "DOWN",
			state_source: "manual",
			actor: "ops",
			public_note: "Edge down",
		});
		expect(await (await seed()).json()).toEqual({ created: 23, existing: 1, total: 24 });
		const afterFirst = await readTables();
		expect(afterFirst.surface_state.find((row) => row.surface_id === "cloudflare")).toMatchObject({
			state: "DOWN",
			public_note: "Edge down",
		});
		expect(await (await seed()).json()).toEqual({ created: 0, existing: 24, total: 24 });
		expect(await readTables()).toEqual(afterFirst);
	});

	it("requires the internal token", async () => {
		await expectProblem(await seed(null), 401, "unauthorized");
		expect((await readTables()).surface_state).toEqual([]);
	});

	it("seeds concurrently without duplicate audit rows", async () => {
		const answers = await Promise.all(
			Array.from({ length: 5 }, () => seed().then((r) => r.json<SeedSurfacesAnswer>())),
		);
		expect(answers.reduce((sum, answer) => sum + answer.created, 0)).toBe(24);
		expect((await readTables()).status_audit_log).toHaveLength(24);
	});
});
