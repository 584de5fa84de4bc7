import { beforeEach, describe, expect, it } from "vitest";
import { INTERNAL_PATHS, maintenancePath, PUBLIC_PATHS, surfacePath } from "../../src/paths";
import { CURRENT_TOKEN, call, expectProblem, updateSurface } from "./support/http";
import { clearTables, readTables } from "./support/tables";

// A refused input names where its problem is - the body, the query, the path or a header - and the
// field, whatever route validates it; nothing is written.

const INSTANT_MESSAGE =
	"must be an ISO 8601 instant with Z or an offset (e.g. 2026-12-03T09:30:00Z), from 2000-01-01T00:00:00Z to before 2100-01-01T00:00:00Z";

beforeEach(async () => {
	await clearTables();
	expect(
		(await updateSurface({ surface_id: "login", state: "DEGRADED", state_source: "manual", actor: "ops" })).status,
	).toBe(200);
});

/** The problem of a refused request, with the tables read before and after it unchanged. */
async function refused(request: () => Promise<Response>, status: number, code: string) {
	const before = await readTables();
	const problem = await expectProblem(await request(), status, code);
	expect(await readTables()).toEqual(before);
	return problem;
}

const authenticated = (path: string, init: RequestInit = {}) =>
	call(path, { ...init, headers: { "X-Internal-Status-Token": CURRENT_TOKEN, ...init.headers } });

const putWindow = (key: string, body: unknown) =>
	authenticated(maintenancePath(key), {
		method: "PUT",
		headers: { "Content-Type": "application/json" },
		body: JSON.stringify(body),
	});

const WINDOW = {
	title: "Database upgrade",
	surface_ids: ["login"],
	starts_at: "2099-12-03T09:30:00Z",
	ends_at: "2099-12-03T10:30:00Z",
};

describe("where a problem is", () => {
	it("a bad query parameter: in query, named, never (body)", async () => {
		const problem = await refused(() => call(`${PUBLIC_PATHS.uptime}?days=abc`), 400, "invalid_query");
		expect(problem.errors).toEqual([{ in: "query", path: "days", message: expect.stringContaining("whole number") }]);
		expect(problem.detail).toContain("days:");
	});

	it("an unknown query parameter where one is refused: in query, named by its own name", async () => {
		const problem = await refused(
			() => authenticated(`${INTERNAL_PATHS.rebuildUptime}?restart=true&frobnicate=1`, { method: "POST" }),
			400,
			"invalid_query",
		);
		expect(problem.errors).toEqual([{ in: "query", path: "frobnicate", message: "is not a known query parameter" }]);
		expect(JSON.stringify(problem)).not.toContain("(body)");
	});

	it("a bad body field and an unknown one: in body, each named", async () => {
		const problem = await refused(
			() => updateSurface({ surface_id: "login", state: "SIDEWAYS", state_source: "manual", actor: "ops", extra: 1 }),
			400,
			"validation_failed",
		);
		expect(problem.errors).toEqual(
			expect.arrayContaining([
				{ in: "body", path: "state", message: expect.any(String) },
				{ in: "body", path: "extra", message: "is not a known field" },
			]),
		);
		expect(problem.errors).toHaveLength(2);
		const whole = await refused(() => updateSurface("[]"), 400, "validation_failed");
		expect(whole.errors).toEqual([{ in: "body", path: "(body)", message: expect.any(String) }]);
	});

	it("a bad path parameter: in path, named", async () => {
		const key = await refused(() => putWindow("no spaces here", WINDOW), 400, "validation_failed");
		expect(key.errors).toEqual([{ in: "path", path: "key", message: expect.stringContaining("must be") }]);
		expect(key.detail).toMatch(/^The path has 1 problem\(s\): key: /);
		const badge = await refused(
			() => call(surfacePath(PUBLIC_PATHS.surfaceBadge, "%3Cscript%3E")),
			400,
			"validation_failed",
		);
		expect(badge.errors).toEqual([{ in: "path", path: "id", message: expect.stringContaining("surface id") }]);
	});
});

describe("an instant without Z or an offset", () => {
	it("says what an instant must be, in the body and in the query alike", async () => {
		for (const starts_at of ["2099-12-03T09:30:00", "2099-12-03 09:30:00Z", "tomorrow", "2099-12-03"]) {
			const problem = await refused(() => putWindow("db-upgrade", { ...WINDOW, starts_at }), 400, "validation_failed");
			expect(problem.errors, starts_at).toEqual([{ in: "body", path: "starts_at", message: INSTANT_MESSAGE }]);
			expect(problem.detail).not.toContain("Invalid ISO datetime");
		}
		const query = await refused(() => call(`${PUBLIC_PATHS.marketTime}?at=2026-12-03T09:30:00`), 400, "invalid_query");
		expect(query.errors).toEqual([{ in: "query", path: "at", message: INSTANT_MESSAGE }]);
		// With Z or an offset it is taken.
		expect((await call(`${PUBLIC_PATHS.marketTime}?at=2026-12-03T09:30:00-05:00`)).status).toBe(200);
	});
});
