import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import { parseEnv, promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../scripts/seed.ts";

// End to end on loopback: `npm start` (migrate, serve, seed), the seed script and the runbook's
// commands against the running Worker and its local D1, as an operator would run them.
const root = join(import.meta.dirname, "..", "..");
const node = process.execPath;
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
		});
	});
}

let start: ChildProcess;
let origin: string;
let persistTo: string;
let output = "";
let devToken: string;

beforeAll(async () => {
	const port = await freePort();
	origin = `http://127.0.0.1:${port}`;
	await mkdir(join(root, ".wrangler"), { recursive: true });
	persistTo = relative(root, await mkdtemp(join(root, ".wrangler", "e2e-state-")));
	start = spawn(node, ["scripts/start.ts", "--port", String(port), "--persist-to", persistTo], {
		cwd: root,
		detached: true,
		env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
	});
	start.stdout?.on("data", (chunk) => {
		output += chunk;
	});
	start.stderr?.on("data", (chunk) => {
		output += chunk;
	});
	const deadline = Date.now() + 120_000;
	while (!output.includes("status-d1 is serving")) {
		if (start.exitCode !== null || Date.now() > deadline) throw new Error(`npm start failed:\n${output}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	// npm start creates .dev.vars from the example when missing; the Worker runs with its token.
	devToken = parseEnv(await readFile(join(root, ".dev.vars"), "utf8")).STATUS_INTERNAL_WRITE_TOKEN ?? "";
}, 150_000);

afterAll(async () => {
	if (start?.pid && start.exitCode === null) {
		const exited = new Promise((resolve) => start.on("exit", resolve));
		process.kill(-start.pid, "SIGTERM");
		await exited;
	}
	if (persistTo) await rm(join(root, persistTo), { recursive: true, force: true });
});

const d1Execute = async (command: string) => {
	const { stdout } = await promisify(execFile)(
		node,
		[
			wranglerBin,
			"d1",
			"execute",
			"raxx-status-db",
			"--local",
			"--persist-to",
			persistTo,
			"--json",
			"--command",
			command,
		],
		{ cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
	);
	return (JSON.parse(stdout) as { results: Record<string, unknown>[] }[])[0]?.results ?? [];
};

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
