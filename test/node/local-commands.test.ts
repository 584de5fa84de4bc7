import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";

// One local Worker, found by every command: `npm start` refuses a taken port or state folder before
// it does anything, records where it serves, and starts quietly; seed, db:query, db:migrate and
// db:rebuild-rollup --local find it from that record (or --port / --persist-to) and say which one
// they used, or say to run `npm start`. One Worker (with --stand-ins) serves the whole file.

const root = join(import.meta.dirname, "..", "..");
const MIGRATIONS = (await readdir(join(root, "drizzle"))).filter((name) => name.endsWith(".sql")).length;

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** A script as `npm run` runs it, with the records folder and environment given. */
function run(script: string, args: string[], recordsDir: string, env: Record<string, string> = {}): Promise<Run> {
	return promisify(execFile)(process.execPath, [join("scripts", script), ...args], {
		cwd: root,
		timeout: 60_000,
		env: {
			...process.env,
			WRANGLER_SEND_METRICS: "false",
			STATUS_LOCAL_WORKERS_DIR: recordsDir,
			STATUS_WORKER_URL: "",
			STATUS_INTERNAL_WRITE_TOKEN: "",
			...env,
		},
	}).then(
		({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
		(error: { code: number; stdout: string; stderr: string }) => ({
			code: error.code,
			stdout: error.stdout,
			stderr: error.stderr,
		}),
	);
}

function listen(server: Server, port = 0): Promise<number> {
	return new Promise((resolvePort, reject) => {
		server.once("error", reject);
		server.listen(port, "127.0.0.1", () => {
			const address = server.address();
			if (typeof address === "object" && address) resolvePort(address.port);
		});
	});
}

let worker: LocalWorker;
let port: string;
let records: string;
let empty: string;

beforeAll(async () => {
	records = await mkdtemp(join(tmpdir(), "local-workers-"));
	empty = await mkdtemp(join(tmpdir(), "no-local-workers-"));
	worker = await startLocalWorker({}, { recordsDir: records, args: ["--stand-ins"], throughNpm: true });
	port = new URL(worker.origin).port;
}, 180_000);

afterAll(async () => {
	await worker?.stop();
	for (const folder of [records, empty]) if (folder) await rm(folder, { recursive: true, force: true });
}, 60_000);

describe("npm start", () => {
	it("prints fewer than 40 lines before the Worker answers: the migrations in one line, one line saying where it serves", () => {
		const output = worker.output();
		const lines = output.slice(0, output.indexOf("status-d1 is serving")).split("\n");
		expect(lines.length, output).toBeLessThan(40);
		expect(output).toContain(`start: applied ${MIGRATIONS} migration(s) (0000_initial.sql .. `);
		expect(output).not.toMatch(/types might be out of date|Request\.cf|getaddrinfo|┌|Binding|⛅️/);
		const ready = output.split("\n").filter((line) => line.includes("status-d1 is serving"));
		expect(ready).toHaveLength(1);
		expect(ready[0]).toContain(`serving on ${worker.origin} (state in ${worker.persistTo}, partner pages and probes`);
		expect(ready[0]).toContain(`curl "${worker.origin}/__scheduled?cron=*+*+*+*+*"`);
		expect(ready[0]).toContain("npm run db:query");
		expect(ready[0]).not.toContain("8787");
	});

	it("records where it serves and where its state lives", async () => {
		const record = JSON.parse(await readFile(join(records, `${port}.json`), "utf8"));
		expect(record).toMatchObject({
			port: Number(port),
			url: worker.origin,
			persistTo: resolve(root, worker.persistTo),
			standIns: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
		});
		expect(typeof record.pid).toBe("number");
		expect(Date.parse(record.startedAt)).toBeLessThanOrEqual(Date.now());
	});

	it("on a port something else holds: exits non-zero naming the port, having written nothing", async () => {
		const server = createServer();
		const taken = await listen(server);
		const state = join(".wrangler", `never-made-${taken}`);
		const recordsHere = await mkdtemp(join(tmpdir(), "refused-start-"));
		try {
			const answer = await run("start.ts", ["--port", String(taken), "--persist-to", state], recordsHere);
			expect(answer.code).toBe(1);
			expect(answer.stderr).toContain(`start: port ${taken} on 127.0.0.1 is already in use by another program`);
			expect(answer.stdout).toBe("");
			expect(existsSync(join(root, state))).toBe(false);
			expect(await readdir(recordsHere)).toEqual([]);
		} finally {
			server.close();
			await rm(recordsHere, { recursive: true, force: true });
		}
	});

	it("on our own Worker's port, or its state folder: names that Worker and changes nothing", async () => {
		const onPort = await run("start.ts", ["--port", port, "--persist-to", ".wrangler/never-made-port"], records);
		expect(onPort.code).toBe(1);
		expect(onPort.stderr).toContain(
			`port ${port} on 127.0.0.1 is already in use by another local status-d1 Worker: ${worker.origin}`,
		);
		expect(existsSync(join(root, ".wrangler/never-made-port"))).toBe(false);

		const free = createServer();
		const otherPort = await listen(free);
		await new Promise((done) => free.close(done));
		const onState = await run("start.ts", ["--port", String(otherPort), "--persist-to", worker.persistTo], records);
		expect(onState.code).toBe(1);
		expect(onState.stderr).toContain(
			`the state folder ${worker.persistTo} is in use by another local Worker: ${worker.origin}`,
		);
		expect((await readdir(records)).sort()).toEqual([`${port}.json`]);
	});
});

describe("the local commands find the recorded Worker", () => {
	it("npm run seed", async () => {
		const answer = await run("seed.ts", [], records);
		expect(answer.stderr).toBe("");
		expect(answer.stdout).toBe(
			`seed: using the local Worker at ${worker.origin} (state in ${worker.persistTo})\nseeded 0 surface(s) as UNKNOWN; 24 already had a state (24 registered)\n`,
		);
	});

	it("npm run db:query: a table, or JSON with --json, naming the Worker on stderr", async () => {
		const sql =
			"SELECT surface_id, state FROM surface_state WHERE surface_id IN ('plaid', 'heroku') ORDER BY surface_id";
		const table = await run("db-query.ts", [sql], records);
		expect(table.code).toBe(0);
		expect(table.stderr).toBe(`db:query: using the local Worker at ${worker.origin} (state in ${worker.persistTo})\n`);
		expect(table.stdout).toMatch(
			/^surface_id \| state\n-+-\+-+\nheroku {5}\| \w+\s*\nplaid {6}\| \w+\s*\n\(2 rows\)\n$/,
		);
		const json = await run("db-query.ts", ["--json", sql], records);
		expect(JSON.parse(json.stdout)).toEqual([
			{ surface_id: "heroku", state: expect.any(String) },
			{ surface_id: "plaid", state: expect.any(String) },
		]);
		const wrong = await run("db-query.ts", ["SELECT nope FROM surface_state"], records);
		expect(wrong.code).toBe(1);
		expect(wrong.stderr).toContain("db:query: no such column: nope");
	}, 120_000);

	it("npm run db:rebuild-rollup -- --local", async () => {
		const answer = await run("rebuild-rollup.ts", ["--local"], records);
		expect(answer.code).toBe(0);
		expect(answer.stdout).toContain(
			`db:rebuild-rollup: using the local Worker at ${worker.origin} (state in ${worker.persistTo})`,
		);
		expect(answer.stdout).toMatch(/day\(s\) of UTC rebuilt in \d+ call\(s\)/);
	});

	it("npm run db:migrate", async () => {
		const answer = await run("db-migrate.ts", [], records);
		expect(answer.code).toBe(0);
		expect(answer.stdout).toBe(
			`db:migrate: using the local Worker at ${worker.origin} (state in ${worker.persistTo})\ndb:migrate: the local D1 in ${worker.persistTo} is up to date (no migration to apply)\n`,
		);
	}, 120_000);

	it("with several running and none named: lists them and asks for --port; --port picks one", async () => {
		// A second record, of a process that is alive (this one), on a port nothing serves.
		const other = join(records, "1.json");
		await writeFile(
			other,
			JSON.stringify({
				port: 1,
				url: "http://127.0.0.1:1",
				persistTo: "/nowhere",
				pid: process.pid,
				startedAt: new Date().toISOString(),
			}),
		);
		try {
			for (const [script, args] of [
				["seed.ts", []],
				["db-query.ts", ["SELECT 1"]],
				["db-migrate.ts", []],
				["rebuild-rollup.ts", ["--local"]],
			] as const) {
				const answer = await run(script, [...args], records);
				expect(answer.code, script).toBe(1);
				expect(answer.stderr, script).toContain(
					"2 local Workers are running:\n  - http://127.0.0.1:1 (state in /nowhere",
				);
				expect(answer.stderr, script).toContain(`  - ${worker.origin} (state in ${worker.persistTo}`);
				expect(answer.stderr, script).toContain("Say which one with --port N.");
			}
			const picked = await run("seed.ts", ["--port", port], records);
			expect(picked.stdout).toContain(`seed: using the local Worker at ${worker.origin}`);
		} finally {
			await rm(other);
		}
	}, 120_000);
});

describe("with no local Worker running", () => {
	it.each([
		["seed.ts", []],
		["db-query.ts", ["SELECT 1"]],
		["db-migrate.ts", []],
		["rebuild-rollup.ts", ["--local"]],
	])("%s says to run npm start (or name one), never a bare fetch failure", async (script, args) => {
		const answer = await run(script, args, empty);
		expect(answer.code).not.toBe(0);
		expect(answer.stderr).toMatch(
			/^[\w:-]+: no local Worker is running \(none recorded in .*\)\.\n {2}Start one with `npm start`/,
		);
		expect(answer.stderr).toContain("--port N");
		expect(answer.stderr).toContain("--persist-to DIR");
		expect(answer.stderr).not.toContain("fetch failed");
	});

	it("a record whose npm start is gone is ignored", async () => {
		const gone = await promisify(execFile)(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
		const stale = join(empty, `${port}.json`);
		await writeFile(
			stale,
			JSON.stringify({
				port: Number(port),
				url: worker.origin,
				persistTo: "/x",
				pid: Number(gone.stdout),
				startedAt: "2026-01-01T00:00:00.000Z",
			}),
		);
		try {
			const answer = await run("seed.ts", [], empty);
			expect(answer.code).toBe(1);
			expect(answer.stderr).toContain("no local Worker is running");
		} finally {
			await rm(stale);
		}
	});

	it("--persist-to names a local D1 directly: db:migrate makes one, db:query reads it, a missing one is said so", async () => {
		const state = join(".wrangler", `no-worker-${process.pid}`);
		try {
			const missing = await run("db-query.ts", ["--persist-to", state, "SELECT 1"], empty);
			expect(missing.code).toBe(1);
			expect(missing.stderr).toContain(`db:query: there is no local D1 in ${state} yet`);
			expect(existsSync(join(root, state))).toBe(false);
			const migrated = await run("db-migrate.ts", ["--persist-to", state], empty);
			expect(migrated.stdout).toContain(
				`db:migrate: using the local D1 in ${state} (no running Worker of ours uses it)`,
			);
			expect(migrated.stdout).toContain(`db:migrate: applied ${MIGRATIONS} migration(s)`);
			const query = await run(
				"db-query.ts",
				["--persist-to", state, "SELECT COUNT(*) AS surfaces FROM surface_state"],
				empty,
			);
			expect(query.stdout).toBe("surfaces\n--------\n0\n(1 row)\n");
		} finally {
			await rm(join(root, state), { recursive: true, force: true });
		}
	}, 120_000);

	it("seed --worker-url at a port nothing answers: says nothing answered there, and how to run one", async () => {
		const free = createServer();
		const closed = await listen(free);
		await new Promise((done) => free.close(done));
		const answer = await run("seed.ts", ["--worker-url", `http://127.0.0.1:${closed}`], empty, {
			STATUS_INTERNAL_WRITE_TOKEN: "t",
		});
		expect(answer.code).toBe(1);
		expect(answer.stderr).toContain(
			`seed failed: nothing answered at http://127.0.0.1:${closed} (connect ECONNREFUSED`,
		);
		expect(answer.stderr).toContain("`npm start` runs one");
	});
});

describe("npm start -- --stand-ins", () => {
	const board = async () =>
		(
			(await (await fetch(`${worker.origin}/api/status/public/surfaces`)).json()) as {
				surfaces: { id: string; state: string }[];
			}
		).surfaces;
	const cycle = async () => {
		const response = await fetch(`${worker.origin}/__scheduled?cron=*+*+*+*+*`);
		expect(response.status).toBe(200);
		await response.body?.cancel();
	};

	it("a triggered cycle records the stand-ins' answers: partners operational, then what a partner's page says", async () => {
		await cycle();
		const partners = ["cloudflare", "alpaca", "plaid", "heroku"];
		const states = (await board()).filter((surface) => partners.includes(surface.id));
		expect(states.map((surface) => surface.state)).toEqual([
			"OPERATIONAL",
			"OPERATIONAL",
			"OPERATIONAL",
			"OPERATIONAL",
		]);
		const audit = await worker.d1Execute(
			"SELECT surface_id, new_state, source FROM status_audit_log WHERE source = '3p_poller' ORDER BY surface_id;",
		);
		expect(audit).toEqual(
			partners.sort().map((surface_id) => ({ surface_id, new_state: "OPERATIONAL", source: "3p_poller" })),
		);

		const record = JSON.parse(await readFile(join(records, `${port}.json`), "utf8")) as { standIns: string };
		const scripted = await fetch(`${record.standIns}/script/partner-plaid`, {
			method: "PUT",
			body: JSON.stringify([
				{ body: JSON.stringify({ status: { indicator: "critical", description: "Major outage" } }) },
			]),
		});
		expect(scripted.status).toBe(204);
		await cycle();
		expect((await board()).find((surface) => surface.id === "plaid")?.state).toBe("DOWN");
	});

	it("the probes reach the stand-ins: three agreeing probes make a probed surface operational", async () => {
		await cycle();
		await cycle();
		const probed = (await board()).filter((surface) => ["app-raxx-app", "public-api"].includes(surface.id));
		expect(probed.map((surface) => surface.state)).toEqual(["OPERATIONAL", "OPERATIONAL"]);
	});
});

describe("when npm start ends", () => {
	it("its record is removed", async () => {
		await worker.stop();
		const deadline = Date.now() + 30_000;
		while (existsSync(join(records, `${port}.json`)) && Date.now() < deadline) {
			await new Promise((done) => setTimeout(done, 200));
		}
		expect(existsSync(join(records, `${port}.json`))).toBe(false);
		const answer = await run("seed.ts", [], records);
		expect(answer.stderr).toContain("no local Worker is running");
	});
});
