import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { INTERNAL_PATHS } from "../../src/paths";
import { countingD1 } from "./support/counting-d1";
import { BASE_URL, CURRENT_TOKEN, expectProblem, PREVIOUS_TOKEN, updateSurface } from "./support/http";
import { clearTables, EMPTY_TABLES, readTables } from "./support/tables";

beforeEach(clearTables);

const body = { surface_id: "app-raxx-app", state: "DEGRADED", state_source: "manual", actor: "ops" };

describe("internal write authentication", () => {
	it("accepts the current token", async () => {
		expect((await updateSurface(body, { token: CURRENT_TOKEN })).status).toBe(200);
	});

	it("accepts the previous token, so a rotation has no window of failing writes", async () => {
		expect((await updateSurface({ ...body, state: "DOWN" }, { token: PREVIOUS_TOKEN })).status).toBe(200);
	});

	it("rejects a third token, a prefix of the real one, an empty one and a missing header", async () => {
		for (const token of ["some-other-token", CURRENT_TOKEN.slice(0, -1), `${CURRENT_TOKEN}x`, "", null]) {
			const problem = await expectProblem(await updateSurface(body, { token }), 401, "unauthorized");
			expect(problem.detail).not.toContain(CURRENT_TOKEN);
		}
		expect(await readTables()).toEqual(EMPTY_TABLES);
	});

	it("rejects before reading the body or touching D1", async () => {
		const probe = countingD1(env.DB);
		const app = createApp();
		for (const token of ["wrong", null]) {
			const headers = new Headers({ "Content-Type": "application/json" });
			if (token) headers.set("X-Internal-Status-Token", token);
			const ctx = createExecutionContext();
			const response = await app.fetch(
				new Request(`${BASE_URL}${INTERNAL_PATHS.updateSurface}`, {
					method: "POST",
					headers,
					body: JSON.stringify(body),
				}),
				{ ...env, DB: probe.db },
				ctx,
			);
			await waitOnExecutionContext(ctx);
			await expectProblem(response, 401, "unauthorized");
		}
		expect(probe.roundTrips).toBe(0);
	});

	it("rejects everything when no token is configured, even an empty header", async () => {
		const app = createApp();
		const unconfigured = { ...env, STATUS_INTERNAL_WRITE_TOKEN: "", STATUS_INTERNAL_WRITE_TOKEN_PREVIOUS: "" };
		const response = await app.fetch(
			new Request(`${BASE_URL}${INTERNAL_PATHS.seedSurfaces}`, {
				method: "POST",
				headers: { "X-Internal-Status-Token": "" },
			}),
			unconfigured,
			createExecutionContext(),
		);
		await expectProblem(response, 401, "unauthorized");
	});
});
