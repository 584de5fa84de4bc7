import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { onError } from "../../src/http/errors";
import { INTERNAL_PATHS, PUBLIC_PATHS } from "../../src/paths";
import { countingD1 } from "./support/counting-d1";
import { BASE_URL, CURRENT_TOKEN, call, expectProblem } from "./support/http";
import { auditFor, clearTables, EMPTY_TABLES, readTables } from "./support/tables";

beforeEach(clearTables);

describe("errors", () => {
	it("answers an unknown route with a problem+json 404", async () => {
		await expectProblem(await call("/api/status/public/nothing-here"), 404, "not_found");
		await expectProblem(await call("/nothing-here"), 404, "not_found");
		await expectProblem(await call("/incidents"), 404, "not_found");
	});

	it("answers a D1 failure during a write with 503 and Retry-After, and the retry applies once", async () => {
		const probe = countingD1(env.DB);
		const app = createApp();
		const send = () =>
			app.fetch(
				new Request(`${BASE_URL}${INTERNAL_PATHS.updateSurface}`, {
					method: "POST",
					headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
					body: JSON.stringify({ surface_id: "withdrawals", state: "DOWN", state_source: "manual", actor: "ops" }),
				}),
				{ ...env, DB: probe.db },
				createExecutionContext(),
			);

		probe.failNextBatches = 1;
		const failed = await send();
		await expectProblem(failed, 503, "storage_unavailable");
		expect(failed.headers.get("Retry-After")).toBe("5");
		expect(await readTables()).toEqual(EMPTY_TABLES);

		expect((await send()).status).toBe(200);
		expect((await send()).status).toBe(200);
		expect((await auditFor("withdrawals")).map((row) => row.new_state)).toEqual(["DOWN"]);
	});

	it("answers a D1 failure on a public read with 503", async () => {
		const probe = countingD1(env.DB);
		probe.failEveryQuery = true;
		const response = await createApp().fetch(
			new Request(`${BASE_URL}${PUBLIC_PATHS.surfaces}`),
			{ ...env, DB: probe.db },
			createExecutionContext(),
		);
		await expectProblem(response, 503, "storage_unavailable");
	});

	it("answers a bug with a bare 500 problem that leaks no internals", async () => {
		const app = new Hono().get("/boom", () => {
			throw new TypeError("secret internals at line 42");
		});
		app.onError(onError);
		const problem = await expectProblem(await app.request("/boom"), 500, "internal_error");
		expect(JSON.stringify(problem)).not.toContain("secret internals");
	});
});
