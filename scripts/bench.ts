/**
 * `npm run bench`: status-d1 under load on loopback, against a hello-world Worker in the same
 * runtime measured in the same run (ratios, because machines are noisy).
 *
 * 1. Starts the Worker (wrangler dev, local D1 in a scratch folder) and the baseline Worker.
 * 2. Measures the uncached public reads on a seeded database holding only what the page shows
 *    (24 surfaces, 20 recent incidents).
 * 3. Loads years of history (500 surfaces, 1,000,000 audit rows, 50,000 incidents) and measures
 *    again: each endpoint with autocannon, right after the baseline, BENCH_SECONDS (default 5) each.
 * 4. Prints req/s, p50, p99 and the ratio to the baseline, and the loaded/empty latency ratio.
 * Everything listens on 127.0.0.1 and is stopped at the end.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus, totalmem } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import autocannon, { type Result } from "autocannon";

const root = join(import.meta.dirname, "..");
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const scratch = join(root, ".wrangler", "bench");
const persistTo = relative(root, join(scratch, "state"));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TOKEN = "bench-token";
const children = new Set<ChildProcess>();

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
		});
	});
}

async function wranglerRun(args: string[]): Promise<string> {
	const { stdout } = await promisify(execFile)(process.execPath, [wranglerBin, ...args], {
		cwd: root,
		env,
		maxBuffer: 64 * 1024 * 1024,
	});
	return stdout;
}

async function startWorker(name: string, args: string[]): Promise<{ origin: string; stop: () => Promise<void> }> {
	const port = await freePort();
	const child = spawn(process.execPath, [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", String(port), ...args], {
		cwd: root,
		env,
		detached: true,
		stdio: ["ignore", "pipe", "pipe"],
	});
	children.add(child);
	let output = "";
	child.stdout?.on("data", (chunk) => {
		output += chunk;
	});
	child.stderr?.on("data", (chunk) => {
		output += chunk;
	});
	const origin = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 90_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
		if (Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
		try {
			const response = await fetch(`${origin}/api/status/public/widgets/market-time`);
			await response.body?.cancel();
			break;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
	return {
		origin,
		stop: async () => {
			if (child.exitCode !== null || child.pid === undefined) return;
			const exited = new Promise((resolve) => child.once("exit", resolve));
			process.kill(-child.pid, "SIGTERM");
			await exited;
			children.delete(child);
		},
	};
}

function stopAll(): void {
	for (const child of children) {
		if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
	}
}
process.on("exit", stopAll);
process.on("SIGINT", () => process.exit(130));

interface Measurement {
	name: string;
	rps: number;
	p50: number;
	p99: number;
	baselineRps: number;
	errors: number;
}

interface Target {
	url: string;
	method?: string;
	headers?: Record<string, string>;
	requests?: { body: string }[];
}

async function load(options: Target, duration = seconds): Promise<Result> {
	return autocannon({
		connections,
		duration,
		...options,
		...(options.requests
			? { requests: options.requests.map((request) => ({ ...request, method: options.method })) }
			: {}),
	});
}

const measurements: Measurement[] = [];

/** The baseline right before the endpoint, each after a one-second warm-up. */
async function measure(name: string, baselineOrigin: string, options: Target): Promise<Measurement> {
	await load({ url: baselineOrigin }, 1);
	const baseline = await load({ url: baselineOrigin });
	await load(options, 1);
	const result = await load(options);
	const measurement = {
		name,
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		baselineRps: baseline.requests.average,
		errors: result.non2xx + result.errors + result.timeouts,
	};
	measurements.push(measurement);
	console.log(
		`bench: ${name}: ${measurement.rps.toFixed(0)} req/s (baseline ${measurement.baselineRps.toFixed(0)}), p50 ${measurement.p50} ms, p99 ${measurement.p99} ms${measurement.errors ? `, ${measurement.errors} errors` : ""}`,
	);
	return measurement;
}

// What the public page shows: 20 incidents in the last 30 days, three of them open. Loaded first,
// so that the "empty" and the loaded database give the same answers and only the history differs.
const RECENT_SQL = `
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity)
SELECT 'charts', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * 36) || ' hours'),
	CASE WHEN i <= 3 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * 36 - 2) || ' hours') END,
	'bench incident ' || i, 2000000 + i, 'degraded' FROM n;
`;

// Years of history the public page never shows: 476 more surfaces, 1,000,000 audit rows, and
// incidents resolved before the 30-day window (50,000 in all with the recent ones).
const HISTORY_SQL = `
WITH RECURSIVE n(i) AS (SELECT 25 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT OR IGNORE INTO surface_state (surface_id, state, state_since, state_source, ticket_pending, public_note, updated_at)
SELECT 'bench-surface-' || i, 'OPERATIONAL', '2026-01-01T00:00:00.000Z', 'manual', 0, NULL, '2026-01-01T00:00:00.000Z' FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at)
SELECT 'bench-surface-' || (25 + i % 476), 'bench', 'OPERATIONAL', 'DEGRADED', 'manual', 'bench history',
	strftime('%Y-%m-%dT%H:%M:%fZ', '2016-01-01', '+' || (i * 5) || ' minutes') FROM n;

WITH RECURSIVE n(i) AS (SELECT 21 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity)
SELECT CASE WHEN i % 2 = 0 THEN 'charts' ELSE 'bench-surface-' || (25 + i % 476) END,
	strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (44000 + (i - 20) * 100) || ' minutes'),
	strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (44000 + (i - 20) * 100 - 30) || ' minutes'),
	'bench incident ' || i, 2000000 + i, 'degraded' FROM n;

ANALYZE;
`;

async function executeSql(name: string, sql: string): Promise<void> {
	const file = join(scratch, `${name}.sql`);
	await writeFile(file, sql);
	await wranglerRun([
		"d1",
		"execute",
		"raxx-status-db",
		"--local",
		"--persist-to",
		persistTo,
		"--file",
		relative(root, file),
		"--yes",
	]);
}

async function main(): Promise<void> {
	await rm(scratch, { recursive: true, force: true });
	await mkdir(scratch, { recursive: true });
	console.log(`bench: ${seconds} s per run, ${connections} connections, on 127.0.0.1`);
	await wranglerRun(["d1", "migrations", "apply", "raxx-status-db", "--local", "--persist-to", persistTo]);

	const vars = ["--var", `STATUS_INTERNAL_WRITE_TOKEN:${TOKEN}`, "--persist-to", persistTo];
	const hello = await startWorker("baseline", ["--config", "scripts/bench/wrangler.hello.toml"]);
	let uncached = await startWorker("status-d1 (Cache API off)", [...vars, "--var", "PUBLIC_CACHE_SECONDS:0"]);
	await (
		await fetch(`${uncached.origin}/api/internal/status/seed-surfaces`, {
			method: "POST",
			headers: { "X-Internal-Status-Token": TOKEN },
		})
	).text();
	// The local database is written by one process at a time.
	await uncached.stop();
	await executeSql("recent", RECENT_SQL);
	uncached = await startWorker("status-d1 (Cache API off)", [...vars, "--var", "PUBLIC_CACHE_SECONDS:0"]);

	const empty = {
		surfaces: await measure("surfaces, uncached, no history", hello.origin, {
			url: `${uncached.origin}/api/status/public/surfaces`,
		}),
		incidents: await measure("incidents, uncached, no history", hello.origin, {
			url: `${uncached.origin}/api/status/public/incidents`,
		}),
	};
	await uncached.stop();

	console.log("bench: loading the history: 500 surfaces, 1,000,000 audit rows, 50,000 incidents");
	await executeSql("history", HISTORY_SQL);
	const counts = await wranglerRun([
		"d1",
		"execute",
		"raxx-status-db",
		"--local",
		"--persist-to",
		persistTo,
		"--json",
		"--command",
		"SELECT (SELECT count(*) FROM surface_state) AS surfaces, (SELECT count(*) FROM status_audit_log) AS audit, (SELECT count(*) FROM status_incidents) AS incidents",
	]);
	console.log(`bench: loaded ${JSON.stringify((JSON.parse(counts) as { results: unknown[] }[])[0]?.results[0])}`);

	uncached = await startWorker("status-d1 (Cache API off)", [...vars, "--var", "PUBLIC_CACHE_SECONDS:0"]);
	const loaded = {
		surfaces: await measure("surfaces, uncached", hello.origin, {
			url: `${uncached.origin}/api/status/public/surfaces`,
		}),
		incidents: await measure("incidents, uncached", hello.origin, {
			url: `${uncached.origin}/api/status/public/incidents`,
		}),
	};
	await uncached.stop();

	const cached = await startWorker("status-d1", vars);
	await measure("surfaces, cached", hello.origin, { url: `${cached.origin}/api/status/public/surfaces` });
	await measure("incidents, cached", hello.origin, { url: `${cached.origin}/api/status/public/incidents` });
	await measure("market-time", hello.origin, { url: `${cached.origin}/api/status/public/widgets/market-time` });
	await measure("update-surface", hello.origin, {
		url: `${cached.origin}/api/internal/status/update-surface`,
		method: "POST",
		headers: { "Content-Type": "application/json", "X-Internal-Status-Token": TOKEN },
		requests: ["DEGRADED", "OPERATIONAL"].map((state) => ({
			body: JSON.stringify({ surface_id: "charts", state, state_source: "manual", actor: "bench" }),
		})),
	});
	await cached.stop();
	await hello.stop();

	const cpu = cpus()[0]?.model ?? "unknown CPU";
	const lines = [
		`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${seconds} s per run, ${connections} connections, loopback; database: 500 surfaces, 1,000,000 audit rows, 50,000 incidents.`,
		"",
		"| endpoint | req/s | p50 ms | p99 ms | baseline req/s | ratio |",
		"|---|---:|---:|---:|---:|---:|",
		...measurements.map(
			(m) =>
				`| ${m.name} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.baselineRps.toFixed(0)} | ${(m.rps / m.baselineRps).toFixed(2)} |`,
		),
		"",
		`Uncached latency with the history / without it (the same answers) (p50): surfaces ${(loaded.surfaces.p50 / Math.max(empty.surfaces.p50, 1)).toFixed(2)}x, incidents ${(loaded.incidents.p50 / Math.max(empty.incidents.p50, 1)).toFixed(2)}x; mean: surfaces ${(empty.surfaces.rps / loaded.surfaces.rps).toFixed(2)}x, incidents ${(empty.incidents.rps / loaded.incidents.rps).toFixed(2)}x.`,
	];
	const report = lines.join("\n");
	await writeFile(join(scratch, "results.md"), `${report}\n`);
	console.log(`\n${report}`);
	const failures = measurements.filter((m) => m.errors > 0 && m.name !== "update-surface");
	if (failures.length > 0) throw new Error(`errors under load: ${failures.map((m) => m.name).join(", ")}`);
}

main()
	.catch((error: unknown) => {
		console.error(`bench: ${error instanceof Error ? error.message : error}`);
		process.exitCode = 1;
	})
	.finally(stopAll);
