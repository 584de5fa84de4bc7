import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../scripts/seed.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";

// End to end on loopback: `npm start` (migrate, serve, seed), the seed script and the runbook's
// commands against the running Worker and its local D1, as an operator would run them.
const root = join(import.meta.dirname, "..", "..");
const node = process.execPath;

let worker: LocalWorker;
let origin: string;
let devToken: string;
let output = "";
let d1Execute: LocalWorker["d1Execute"];

beforeAll(async () => {
	worker = await startLocalWorker();
	({ origin, token: devToken, d1Execute } = worker);
	output = worker.output();
}, 150_000);

afterAll(async () => {
	await worker?.stop();
});

describe("npm start on a fresh database", () => {
	it("serves every surface, seeded as UNKNOWN", async () => {
		expect(output).toContain("seeded 24 new surface(s)");
		const board = (await (await fetch(`${origin}/api/status/public/surfaces`)).json()) as {
			surfaces: { state: string; state_since: string | null }[];
		};
		expect(board.surfaces).toHaveLength(24);
		for (const surface of board.surfaces) {
			expect(surface.state).toBe("UNKNOWN");
			expect(surface.state_since).not.toBeNull();
		}
	});

	it("runs the seed script again without changing anything", async () => {
		expect(await seed(origin, devToken)).toEqual({ created: 0, existing: 24, total: 24 });
		await expect(seed(origin, "wrong-token")).rejects.toThrow(/HTTP 401/);
	});

	it("takes the runbook's manual override and shows it through the runbook's inspection query", async () => {
		const response = await fetch(`${origin}/api/internal/status/update-surface`, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-Internal-Status-Token": devToken },
			body: '{"surface_id": "app-raxx-app", "state": "DEGRADED", "state_source": "manual", "actor": "ops", "public_note": "Investigating login issues", "ticket_pending": true}',
		});
		expect(response.status).toBe(200);
		const rows = await d1Execute(
			"SELECT surface_id, state, state_since, ticket_pending, public_note FROM surface_state ORDER BY surface_id;",
		);
		expect(rows.find((row) => row.surface_id === "app-raxx-app")).toMatchObject({
			state: "DEGRADED",
			ticket_pending: 1,
			public_note: "Investigating login issues",
		});
	});

	it("rebuilds the uptime rollup with npm run db:rebuild-rollup -- --local, the same rows every time", async () => {
		// A surface that has been DEGRADED since ten days ago, written as a writer leaves its audit row.
		const since = new Date(Date.now() - 10 * 86_400_000).toISOString();
		await d1Execute(
			`INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at) VALUES ('plaid', 'ops', 'UNKNOWN', 'DEGRADED', 'manual', NULL, '${since}');`,
		);
		const rebuild = () =>
			promisify(execFile)(node, ["scripts/rebuild-rollup.ts", "--local", "--worker-url", origin], {
				cwd: root,
				env: { ...process.env, STATUS_INTERNAL_WRITE_TOKEN: "" },
			});
		const first = await rebuild();
		expect(first.stdout).toMatch(/day\(s\) of UTC rebuilt in \d+ call\(s\)/);
		const rows = () => d1Execute("SELECT * FROM status_uptime_days ORDER BY time_zone, date, surface_id; ");
		const afterFirst = await rows();
		expect(
			afterFirst.filter((row) => row.surface_id === "plaid" && row.worst === "DEGRADED").length,
		).toBeGreaterThanOrEqual(9);
		await rebuild();
		expect(await rows()).toEqual(afterFirst);

		const history = (await (await fetch(`${origin}/api/status/public/uptime?days=5&surface=plaid`)).json()) as {
			surfaces: { days: { worst: string | null }[] }[];
		};
		expect(history.surfaces[0]?.days.map((day) => day.worst)).toEqual(Array(5).fill("DEGRADED"));
	});
});
