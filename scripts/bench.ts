/**
 * `npm run bench`: status-d1 under load on loopback, against reference Workers measured in the
 * same run, in the same runtime (ratios, because machines are noisy).
 *
 * The runtime is workerd itself, started through Miniflare (what `wrangler dev` runs underneath),
 * each Worker on its own socket: no dev proxy and no Miniflare entry Worker in front, so a hello
 * world answers at the runtime's own limit and the figures measure status-d1, not the tooling
 * (through `wrangler dev` the hello world itself managed about 1,300 req/s, not 25,000).
 *
 * 1. Bundles the Worker as `npm run deploy` would (wrangler deploy --dry-run) and applies the
 *    migrations with the runbook's command (wrangler d1 migrations apply --local).
 * 2. Serves it twice with wrangler.toml's bindings - with the public read caches and without them
 *    (PUBLIC_CACHE_SECONDS=0) - beside the references: a hello world (the baseline of the targets)
 *    and a constant Worker answering each endpoint's own recorded answer (same bytes, same headers;
 *    for an uncached read, after one D1 round trip), which tells the cost of the answer's size
 *    apart from the cost of status-d1's work.
 * 3. Measures the uncached reads on a database holding only what the page shows (24 surfaces, 20
 *    recent incidents, a few transitions a day of each surface over 90 days), loads years of
 *    history (500 surfaces, 1,000,000 audit rows, 50,000 incidents) and 1,000,000 transitions of
 *    the 24 surfaces inside the uptime history's 90-day window (the rollup rebuilt, as the cron
 *    keeps it), and measures every endpoint again: autocannon, in turns with its references.
 * 4. Prints req/s, p50 and p99 (microseconds), the ratios, and the loaded/empty latency.
 * BENCH_SECONDS (3), BENCH_ROUNDS (3) and BENCH_CONNECTIONS (10) change the runs; BENCH_ONLY=cached
 * measures the cached reads alone, and BENCH_MATCH=text with it only those whose name contains text.
 * Everything listens on 127.0.0.1 and is stopped at the end.
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const root = join(import.meta.dirname, "..");
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const scratch = join(root, ".wrangler", "bench");
const bundle = join(scratch, "dist");
const persistTo = join(scratch, "state");
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const coldRounds = Number(process.env.BENCH_COLD_ROUNDS ?? 15);
/** BENCH_ONLY=cached: the cached reads alone, on the page's own data (no history, no cold start). */
const cachedOnly = process.env.BENCH_ONLY === "cached";
/** BENCH_MATCH=text: with BENCH_ONLY=cached, only the entries whose name contains the text. */
const nameFilter = process.env.BENCH_MATCH ?? "";
const TOKEN = "bench-token";

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };

async function wrangler(args: string[]): Promise<void> {
	await promisify(execFile)(process.execPath, [wranglerBin, ...args], { cwd: root, env, maxBuffer: 64 * 1024 * 1024 });
}

interface Run {
	rps: number;
	p50: number;
	p99: number;
	meanLatency: number;
	errors: number;
}

interface Target {
	url: string;
	method?: string;
	headers?: Record<string, string>;
	bodies?: string[];
}

function percentile(sorted: number[], fraction: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** One autocannon run; latencies are kept in microseconds (autocannon's histogram has whole ms). */
async function load(target: Target, duration = seconds): Promise<Run> {
	const latencies: number[] = [];
	const instance = autocannon({
		url: target.url,
		connections,
		duration,
		...(target.method ? { method: target.method } : {}),
		...(target.headers ? { headers: target.headers } : {}),
		...(target.bodies ? { requests: target.bodies.map((body) => ({ method: target.method, body })) } : {}),
	});
	instance.on("response", (_client, _status, _bytes, milliseconds) => {
		latencies.push(milliseconds * 1000);
	});
	const result = await instance;
	latencies.sort((a, b) => a - b);
	return {
		rps: result.requests.average,
		p50: percentile(latencies, 0.5),
		p99: percentile(latencies, 0.99),
		meanLatency: latencies.reduce((sum, value) => sum + value, 0) / Math.max(latencies.length, 1),
		errors: result.non2xx + result.errors + result.timeouts,
	};
}

/** The run with the median req/s. */
function median(runs: Run[]): Run {
	const sorted = [...runs].sort((a, b) => a.rps - b.rps);
	const middle = sorted[Math.floor(sorted.length / 2)];
	if (!middle) throw new Error("no runs to take a median of");
	return middle;
}

interface Measurement extends Run {
	name: string;
	hello: number;
	sameAnswer: number | null;
}

const measurements: Measurement[] = [];

interface Origins {
	hello: string;
	sameAnswer: string;
}

/** Records the endpoint's answer into the constant Worker, and returns where it serves it. */
async function recordSameAnswer(origins: Origins, name: string, url: string, d1: boolean): Promise<string> {
	const response = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
	const body = await response.text();
	const headers = [...response.headers].filter(([header]) => !["content-length", "date"].includes(header));
	const at = `${origins.sameAnswer}/${encodeURIComponent(name)}`;
	const recorded = await fetch(at, {
		method: "PUT",
		body: JSON.stringify({ status: response.status, headers, body, d1 }),
	});
	if (recorded.status !== 204) throw new Error(`could not record the answer of ${name}`);
	return at;
}

/**
 * The endpoint and its references, each warmed up for a second, then run in turns (hello world,
 * same answer, endpoint) BENCH_ROUNDS times, so that drift in the machine's speed hits all of them
 * alike; each is reported by its median run.
 */
/** A cached read's entry, unless BENCH_MATCH leaves it out. */
async function measureCached(name: string, origins: Origins, target: Target): Promise<void> {
	if (cachedOnly && !name.includes(nameFilter)) return;
	await measure(name, origins, target, "constant");
}

async function measure(
	name: string,
	origins: Origins,
	target: Target,
	sameAnswer: "constant" | "after one D1 round trip" | null,
): Promise<Measurement> {
	const sameAnswerUrl = sameAnswer
		? await recordSameAnswer(origins, name, target.url, sameAnswer !== "constant")
		: null;
	const targets = [{ url: origins.hello }, ...(sameAnswerUrl ? [{ url: sameAnswerUrl }] : []), target];
	for (const each of targets) await load(each, 1);
	const runs: Run[][] = targets.map(() => []);
	for (let round = 0; round < rounds; round += 1) {
		for (const [index, each] of targets.entries()) runs[index]?.push(await load(each));
	}
	const [hello, ...rest] = runs.map(median);
	const run = rest.at(-1);
	if (!hello || !run) throw new Error(`no runs for ${name}`);
	const reference = rest.length > 1 ? rest[0] : undefined;
	const measurement = { name, ...run, hello: hello.rps, sameAnswer: reference?.rps ?? null };
	measurements.push(measurement);
	console.log(
		`bench: ${name}: ${run.rps.toFixed(0)} req/s (hello world ${hello.rps.toFixed(0)}${reference ? `, same answer ${reference.rps.toFixed(0)}` : ""}), p50 ${run.p50.toFixed(0)} us, p99 ${run.p99.toFixed(0)} us${run.errors ? `, ${run.errors} errors` : ""}`,
	);
	return measurement;
}

// What the public page shows: 20 incidents in the last 30 days, three of them open. Loaded first,
// so that the "empty" and the loaded database give the same answers and only the history differs.
const RECENT_SQL = [
	`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
	INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity)
	SELECT 'charts', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * 36) || ' hours'),
		CASE WHEN i <= 3 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * 36 - 2) || ' hours') END,
		'bench incident ' || i, 2000000 + i, 'degraded' FROM n`,
];

// Every incident's timeline: three updates each (investigating, identified, monitoring), ten
// minutes apart; the unique (incident, at) index keeps a second run from doubling them.
const TIMELINE_SQL = `INSERT OR IGNORE INTO status_incident_events (incident_id, at, status, severity, public_note)
	SELECT i.id, strftime('%Y-%m-%dT%H:%M:%fZ', i.opened_at, '+' || (k.n * 10) || ' minutes'),
		CASE k.n WHEN 0 THEN 'investigating' WHEN 1 THEN 'identified' ELSE 'monitoring' END, i.severity,
		'bench update ' || k.n
	FROM status_incidents AS i, (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2) AS k`;

// Scheduled maintenance the page shows: one upcoming, one completed two days ago, one cancelled.
const RECENT_MAINTENANCE_SQL = `INSERT INTO status_maintenances
	(key, title, public_note, surface_ids, starts_at, ends_at, status, missed, ended_at, created_at, updated_at)
	VALUES
	('bench-upcoming', 'Database upgrade', 'Orders may be delayed', '["order-placement","order-execution"]',
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+2 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+2 days', '+2 hours'),
		'scheduled', 0, NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
	('bench-done', 'Network maintenance', NULL, '["realtime-quotes"]',
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days', '+1 hour'),
		'completed', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days', '+1 hour'), '2026-01-01T00:00:00.000Z',
		'2026-01-01T00:00:00.000Z'),
	('bench-cancelled', 'Vendor migration', NULL, '["deposits"]',
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+5 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+5 days', '+1 hour'),
		'cancelled', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 days'), '2026-01-01T00:00:00.000Z',
		'2026-01-01T00:00:00.000Z')`;

// Years of maintenance the page no longer shows: 20,000 windows completed before the 30 days.
const OLD_MAINTENANCE_SQL = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
	INSERT INTO status_maintenances
	(key, title, public_note, surface_ids, starts_at, ends_at, status, missed, ended_at, created_at, updated_at)
	SELECT 'bench-old-' || i, 'Old maintenance ' || i, NULL, '["charts"]',
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (31 + i) || ' days'),
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (31 + i) || ' days', '+1 hour'), 'completed', 0,
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (31 + i) || ' days', '+1 hour'),
		'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
	FROM n`;

// The uptime history of a calm quarter: each registered surface changes state a few times a day
// (?1: their ids, as JSON). Loaded with the recent incidents, before the first measurement.
const calmQuarterSql = (
	transitions: number,
) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${transitions})
	INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at)
	SELECT json_extract(?1, '$[' || (i % json_array_length(?1)) || ']'), 'bench', NULL,
		CASE i % 7 WHEN 0 THEN 'DOWN' WHEN 1 THEN 'PARTIAL' WHEN 2 THEN 'DEGRADED' WHEN 3 THEN 'MAINTENANCE' ELSE 'OPERATIONAL' END,
		'manual', 'bench uptime', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * ${(90 * 86_400) / transitions}) || ' seconds')
	FROM n`;
const CALM_QUARTER_TRANSITIONS = 24 * 90 * 4;
/** A quarter of flapping: the 90-day window of the uptime history holds this many transitions. */
const FLAPPING_QUARTER_TRANSITIONS = 1_000_000;

// Years of history the public page never shows: 476 more surfaces, 1,000,000 audit rows, and
// incidents resolved before the 30-day window (50,000 in all with the recent ones).
const HISTORY_SQL = [
	`WITH RECURSIVE n(i) AS (SELECT 25 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
	INSERT OR IGNORE INTO surface_state (surface_id, state, state_since, state_source, ticket_pending, public_note, updated_at)
	SELECT 'bench-surface-' || i, 'OPERATIONAL', '2026-01-01T00:00:00.000Z', 'manual', 0, NULL, '2026-01-01T00:00:00.000Z' FROM n`,
	`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
	INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at)
	SELECT 'bench-surface-' || (25 + i % 476), 'bench', 'OPERATIONAL', 'DEGRADED', 'manual', 'bench history',
		strftime('%Y-%m-%dT%H:%M:%fZ', '2016-01-01', '+' || (i * 5) || ' minutes') FROM n`,
	`WITH RECURSIVE n(i) AS (SELECT 21 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
	INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity)
	SELECT CASE WHEN i % 2 = 0 THEN 'charts' ELSE 'bench-surface-' || (25 + i % 476) END,
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (44000 + (i - 20) * 100) || ' minutes'),
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (44000 + (i - 20) * 100 - 30) || ' minutes'),
		'bench incident ' || i, 2000000 + i, 'degraded' FROM n`,
	"ANALYZE",
];

const ratio = (value: number, reference: number | null) => (reference ? (value / reference).toFixed(2) : "-");

type Reads = Record<"surfaces" | "incidents" | "uptime" | "maintenances", Run>;

function report(uncachedReads: { empty: Reads; loaded: Reads } | null): string {
	const cpu = cpus()[0]?.model ?? "unknown CPU";
	const database = uncachedReads
		? "500 surfaces, 2,000,000 audit rows (1,000,000 of them transitions of the 24 surfaces in the last 90 days), 50,000 incidents with 150,000 timeline events, 20,003 maintenance windows"
		: "the page's own (24 surfaces, 20 recent incidents with their timelines, three maintenance windows; BENCH_ONLY=cached)";
	const history = uncachedReads
		? `Uncached latency with the history / without it (the same answers; for uptime, the same shape): ${(["surfaces", "incidents", "uptime", "maintenances"] as const).map((read) => `${read} mean ${(uncachedReads.loaded[read].meanLatency / uncachedReads.empty[read].meanLatency).toFixed(2)}x, p50 ${(uncachedReads.loaded[read].p50 / uncachedReads.empty[read].p50).toFixed(2)}x`).join("; ")}.`
		: "";
	return [
		`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; workerd through Miniflare, direct sockets; ${rounds} rounds of ${seconds} s runs (medians), ${connections} connections, loopback; database: ${database}.`,
		"",
		"| endpoint | req/s | p50 us | p99 us | hello world req/s | ratio | same answer req/s | ratio to it |",
		"|---|---:|---:|---:|---:|---:|---:|---:|",
		...measurements.map(
			(m) =>
				`| ${m.name} | ${m.rps.toFixed(0)} | ${m.p50.toFixed(0)} | ${m.p99.toFixed(0)} | ${m.hello.toFixed(0)} | ${ratio(m.rps, m.hello)} | ${m.sameAnswer?.toFixed(0) ?? "-"} | ${ratio(m.rps, m.sameAnswer)} |`,
		),
		"",
		history,
	].join("\n");
}

const UPTIME_90 = "/api/status/public/uptime?days=90";

/** Rebuilds the uptime rollup through the Worker, as `npm run db:rebuild-rollup` does; how long it took. */
async function rebuildRollup(origin: string): Promise<string> {
	const started = performance.now();
	for (let calls = 1; calls <= 100; calls += 1) {
		const response = await fetch(`${origin}/api/internal/status/rebuild-uptime?restart=${calls === 1}`, {
			method: "POST",
			headers: { "X-Internal-Status-Token": TOKEN },
		});
		if (response.status !== 200)
			throw new Error(`rebuilding the rollup failed: ${response.status} ${await response.text()}`);
		const answer = (await response.json()) as { up_to_date: boolean };
		if (answer.up_to_date) return `${((performance.now() - started) / 1000).toFixed(1)} s, ${calls} calls`;
	}
	throw new Error("the rollup was not up to date after 100 calls");
}

type BenchConfig = Pick<
	V4WorkerOptions,
	"compatibilityDate" | "compatibilityFlags" | "bindings" | "d1Databases" | "ratelimits"
>;

const socket = { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] };

/** A workerd on loopback over the bench's local D1, running these Workers, each on its own socket. */
function loopbackRuntime(workers: V4WorkerOptions[]): Miniflare {
	return new Miniflare(
		convertV4MiniflareOptions({ host: "127.0.0.1", port: 0, resourcePersistencePath: join(persistTo, "v3"), workers }),
	);
}

/** One of the bench's own Workers (scripts/bench/), never deployed. */
function benchWorker(config: BenchConfig, name: string, file: string) {
	return {
		name,
		...socket,
		modules: true,
		scriptPath: join(root, "scripts", "bench", file),
		modulesRoot: join(root, "scripts", "bench"),
		compatibilityDate: config.compatibilityDate,
		d1Databases: config.d1Databases,
	};
}

/**
 * The uncached reads, first on the small database, then after loading the history (which stays
 * loaded for the cached reads after them): the same answers, with and without years of rows.
 */
async function measureUncached(
	origins: Origins,
	uncached: string,
	cached: string,
	db: Awaited<ReturnType<Miniflare["getD1Database"]>>,
	runSql: (statements: string[]) => Promise<void>,
	surfaceIds: string,
): Promise<{ empty: Reads; loaded: Reads }> {
	const d1 = "after one D1 round trip" as const;
	const empty = {
		surfaces: await measure(
			"surfaces, uncached, no history",
			origins,
			{ url: `${uncached}/api/status/public/surfaces` },
			d1,
		),
		incidents: await measure(
			"incidents, uncached, no history",
			origins,
			{ url: `${uncached}/api/status/public/incidents` },
			d1,
		),
		uptime: await measure("uptime 90 days, uncached, no history", origins, { url: `${uncached}${UPTIME_90}` }, d1),
		maintenances: await measure(
			"maintenances, uncached, no history",
			origins,
			{ url: `${uncached}/api/status/public/maintenances` },
			d1,
		),
	};

	console.log("bench: loading the history: 500 surfaces, 1,000,000 audit rows, 50,000 incidents");
	await runSql([...HISTORY_SQL.slice(0, -1), TIMELINE_SQL, OLD_MAINTENANCE_SQL, "ANALYZE"]);
	const counts = await db
		.prepare(
			"SELECT (SELECT count(*) FROM surface_state) AS surfaces, (SELECT count(*) FROM status_audit_log) AS audit, (SELECT count(*) FROM status_incidents) AS incidents, (SELECT count(*) FROM status_incident_events) AS incident_events, (SELECT count(*) FROM status_maintenances) AS maintenances",
		)
		.first();
	console.log(`bench: loaded ${JSON.stringify(counts)}`);
	console.log(`bench: loading ${FLAPPING_QUARTER_TRANSITIONS} transitions of the 24 surfaces in the last 90 days`);
	await db.prepare(calmQuarterSql(FLAPPING_QUARTER_TRANSITIONS)).bind(surfaceIds).run();
	await db.prepare("ANALYZE").run();
	const rebuilt = await rebuildRollup(cached);
	const inWindow = await db
		.prepare("SELECT count(*) AS transitions FROM status_audit_log WHERE created_at >= ?1")
		.bind(new Date(Date.now() - 90 * 86_400_000).toISOString())
		.first();
	console.log(`bench: ${JSON.stringify(inWindow)} in the window; the rollup rebuilt in ${rebuilt}`);

	const loaded = {
		surfaces: await measure("surfaces, uncached", origins, { url: `${uncached}/api/status/public/surfaces` }, d1),
		incidents: await measure("incidents, uncached", origins, { url: `${uncached}/api/status/public/incidents` }, d1),
		uptime: await measure("uptime 90 days, uncached", origins, { url: `${uncached}${UPTIME_90}` }, d1),
		maintenances: await measure(
			"maintenances, uncached",
			origins,
			{ url: `${uncached}/api/status/public/maintenances` },
			d1,
		),
	};
	return { empty, loaded };
}

/** Requests per second and latency of every endpoint, against its references; the report's table. */
async function measureLoad(config: BenchConfig): Promise<string> {
	console.log(`bench: ${rounds} rounds of ${seconds} s runs, ${connections} connections, on 127.0.0.1`);
	const statusWorker = (name: string, cacheSeconds: number) => ({
		name,
		...socket,
		modules: true,
		scriptPath: join(bundle, "index.js"),
		modulesRoot: bundle,
		compatibilityDate: config.compatibilityDate,
		compatibilityFlags: config.compatibilityFlags,
		bindings: { ...config.bindings, STATUS_INTERNAL_WRITE_TOKEN: TOKEN, PUBLIC_CACHE_SECONDS: String(cacheSeconds) },
		d1Databases: config.d1Databases,
		ratelimits: config.ratelimits,
	});
	const mf = loopbackRuntime([
		statusWorker("status", 15),
		statusWorker("status-uncached", 0),
		benchWorker(config, "hello", "hello-worker.js"),
		benchWorker(config, "same-answer", "same-answer-worker.js"),
	]);
	try {
		await mf.ready;
		const origin = async (name: string) => (await mf.unsafeGetDirectURL(name)).href.replace(/\/$/, "");
		const cached = await origin("status");
		const uncached = await origin("status-uncached");
		const origins = { hello: await origin("hello"), sameAnswer: await origin("same-answer") };
		const db = await mf.getD1Database("DB", "status");
		const runSql = async (statements: string[]) => {
			for (const statement of statements) await db.prepare(statement).run();
		};

		const seeded = await fetch(`${cached}/api/internal/status/seed-surfaces`, {
			method: "POST",
			headers: { "X-Internal-Status-Token": TOKEN },
		});
		if (seeded.status !== 200) throw new Error(`seeding failed: ${seeded.status} ${await seeded.text()}`);
		await runSql([...RECENT_SQL, TIMELINE_SQL, RECENT_MAINTENANCE_SQL]);
		const board = (await (await fetch(`${cached}/api/status/public/surfaces`)).json()) as {
			surfaces: { id: string }[];
		};
		const surfaceIds = JSON.stringify(board.surfaces.map((surface) => surface.id));
		await db.prepare(calmQuarterSql(CALM_QUARTER_TRANSITIONS)).bind(surfaceIds).run();
		await rebuildRollup(cached);

		const d1 = "after one D1 round trip" as const;
		const uncachedReads = cachedOnly ? null : await measureUncached(origins, uncached, cached, db, runSql, surfaceIds);
		// The one snapshot batch behind Statuspage's API and the feeds, on the loaded database.
		if (!cachedOnly) {
			await measure("v2 summary.json, uncached", origins, { url: `${uncached}/api/v2/summary.json` }, d1);
			// Issue 16: the HTML page's one batch (the snapshot and 90 days of every surface), rendered.
			await measure("status page (HTML), uncached", origins, { url: `${uncached}/` }, d1);
		}
		await measureCached("surfaces, cached", origins, { url: `${cached}/api/status/public/surfaces` });
		await measureCached("incidents, cached", origins, { url: `${cached}/api/status/public/incidents` });
		await measureCached("uptime 90 days, cached", origins, { url: `${cached}${UPTIME_90}` });
		// The same read for one surface (15 KB): at 359 KB the whole page's answer measures the load
		// generator's parsing more than the Worker.
		await measureCached("uptime 90 days, one surface, cached", origins, { url: `${cached}${UPTIME_90}&surface=login` });
		await measureCached("maintenances, cached", origins, { url: `${cached}/api/status/public/maintenances` });
		await measureCached("badge.svg, cached", origins, { url: `${cached}/api/status/public/badge.svg` });
		await measureCached("health, cached", origins, { url: `${cached}/api/status/public/health` });
		// Issue 15: every new format, cached (the same answer for every request, as a poller sees it).
		for (const [name, path] of [
			["one surface's badge.svg, cached", "/api/status/public/surfaces/login/badge.svg"],
			["one surface's shields.json, cached", "/api/status/public/surfaces/login/shields.json"],
			["v2 summary.json, cached", "/api/v2/summary.json"],
			["v2 status.json, cached", "/api/v2/status.json"],
			["v2 incidents.json, cached", "/api/v2/incidents.json"],
			["v2 scheduled-maintenances.json, cached", "/api/v2/scheduled-maintenances.json"],
			["feed.atom, cached", "/api/status/public/feed.atom"],
			["feed.rss, cached", "/api/status/public/feed.rss"],
		] as const) {
			await measureCached(name, origins, { url: `${cached}${path}` });
		}
		const oneIncident = (await (await fetch(`${cached}/api/status/public/incidents`)).json()) as {
			incidents: { id: string }[];
		};
		await measureCached("one incident, cached", origins, {
			url: `${cached}/api/status/public/incidents/${oneIncident.incidents[0]?.id ?? "inc_00001"}`,
		});
		// Issue 16: the HTML page and an incident's page, as browsers (and their refresh) read them.
		await measureCached("status page (HTML), cached", origins, { url: `${cached}/` });
		await measureCached("incident page (HTML), cached", origins, {
			url: `${cached}/incidents/${oneIncident.incidents[0]?.id ?? "inc_00001"}`,
		});
		await measureCached("market-time", origins, { url: `${cached}/api/status/public/widgets/market-time` });
		await measureCached("market-calendar, a month", origins, {
			url: `${cached}/api/status/public/widgets/market-calendar?start=2026-12-01&end=2026-12-31`,
		});
		if (!cachedOnly)
			await measure(
				"update-surface",
				origins,
				{
					url: `${cached}/api/internal/status/update-surface`,
					method: "POST",
					headers: { "Content-Type": "application/json", "X-Internal-Status-Token": TOKEN },
					bodies: ["DEGRADED", "OPERATIONAL"].map((state) =>
						JSON.stringify({ surface_id: "charts", state, state_source: "manual", actor: "bench" }),
					),
				},
				null,
			);

		const failures = measurements.filter((m) => m.errors > 0 && m.name !== "update-surface");
		if (failures.length > 0) throw new Error(`errors under load: ${failures.map((m) => m.name).join(", ")}`);
		return report(uncachedReads);
	} finally {
		await mf.dispose();
	}
}

interface ColdCase {
	name: string;
	path: string;
	init?: (round: number) => RequestInit;
}

// The first request of a new isolate, of the three kinds a status page's storm sends first.
const COLD_CASES: ColdCase[] = [
	{ name: "market-time", path: "/api/status/public/widgets/market-time" },
	{ name: "surfaces, cache miss (one D1 round trip)", path: "/api/status/public/surfaces" },
	{
		name: "update-surface (a write, through the router)",
		path: "/api/internal/status/update-surface",
		init: (round) => ({
			method: "POST",
			headers: { "Content-Type": "application/json", "X-Internal-Status-Token": TOKEN },
			body: JSON.stringify({
				surface_id: "charts",
				state: round % 2 === 0 ? "DEGRADED" : "OPERATIONAL",
				state_source: "manual",
				actor: "bench",
			}),
		}),
	},
];

interface Contender {
	name: string;
	file: string;
}

interface ColdResult {
	name: string;
	medians: Record<string, number>;
}

const median0 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Cold start: the time from asking a running workerd for a new isolate of a Worker to that
 * isolate's first answer (scripts/bench/cold-start-driver.js, a Worker Loader binding), for each
 * contender in turns, BENCH_COLD_ROUNDS times; medians. One driver per case, so that the isolates
 * of one case do not weigh on the next.
 */
async function measureColdStart(config: BenchConfig, contenders: Contender[]): Promise<ColdResult[]> {
	const results: ColdResult[] = [];
	for (const coldCase of COLD_CASES) {
		const mf = loopbackRuntime([
			{
				...benchWorker(config, "cold-start-driver", "cold-start-driver.js"),
				workerLoaders: { LOADER: {} },
				bindings: {
					COMPATIBILITY_DATE: config.compatibilityDate ?? "2026-11-01",
					// Every first read misses the caches: the cold start measured is the whole of it.
					CHILD_VARS: { ...config.bindings, STATUS_INTERNAL_WRITE_TOKEN: TOKEN, PUBLIC_CACHE_SECONDS: "0" },
				},
			},
		]);
		try {
			await mf.ready;
			const driver = (await mf.unsafeGetDirectURL("cold-start-driver")).href.replace(/\/$/, "");
			for (const contender of contenders) {
				const put = await fetch(`${driver}/${contender.name}/code`, {
					method: "PUT",
					body: await readFile(contender.file, "utf8"),
				});
				if (put.status !== 204) throw new Error(`could not hand ${contender.name} to the cold-start driver`);
			}
			let isolates = 0;
			const first = async (contender: Contender, round: number) => {
				isolates += 1;
				const started = performance.now();
				const response = await fetch(
					`${driver}/${contender.name}/${isolates}?path=${encodeURIComponent(coldCase.path)}`,
					coldCase.init?.(round),
				);
				await response.text();
				if (response.status >= 300) throw new Error(`${contender.name}, ${coldCase.name}: HTTP ${response.status}`);
				return performance.now() - started;
			};
			for (const contender of contenders) await first(contender, 0);
			const times = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]));
			for (let round = 0; round < coldRounds; round += 1) {
				for (const contender of contenders) times.get(contender.name)?.push(await first(contender, round));
			}
			const medians = Object.fromEntries([...times].map(([name, values]) => [name, median0(values)]));
			console.log(
				`bench: cold start, ${coldCase.name}: ${Object.entries(medians)
					.map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
					.join(", ")}`,
			);
			results.push({ name: coldCase.name, medians });
		} finally {
			await mf.dispose();
		}
	}
	return results;
}

async function sizeOf(file: string): Promise<{ bytes: number; gzip: number }> {
	const code = await readFile(file);
	return { bytes: code.length, gzip: gzipSync(code).length };
}

async function coldStartReport(results: ColdResult[], contenders: Contender[]): Promise<string> {
	const baseline = contenders.find((contender) => contender.name === "baseline");
	const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
	const sizes = await Promise.all(
		contenders.map(async (c) => {
			const size = await sizeOf(c.file);
			return `${c.name} ${kib(size.bytes)} (${kib(size.gzip)} gzipped)`;
		}),
	);
	return [
		`Cold start, ${coldRounds} isolates of each in turns (medians); bundles: ${sizes.join(", ")}.`,
		"",
		`| first request of a new isolate | hello world ms | status-d1 ms | status-d1 / hello world |${baseline ? " baseline ms | baseline / status-d1 |" : ""}`,
		`|---|---:|---:|---:|${baseline ? "---:|---:|" : ""}`,
		...results.map((result) => {
			const { hello = 0, "status-d1": status = 0, baseline: before } = result.medians;
			const row = `| ${result.name} | ${hello.toFixed(1)} | ${status.toFixed(1)} | ${(status / hello).toFixed(2)} |`;
			return before === undefined ? row : `${row} ${before.toFixed(1)} | ${(before / status).toFixed(2)} |`;
		}),
	].join("\n");
}

async function main(): Promise<void> {
	await rm(scratch, { recursive: true, force: true });
	await mkdir(scratch, { recursive: true });
	await wrangler(["deploy", "--dry-run", "--outdir", relative(root, bundle)]);
	await wrangler(["d1", "migrations", "apply", "raxx-status-db", "--local", "--persist-to", relative(root, persistTo)]);

	// wrangler.toml's bindings as wrangler dev would give them to Miniflare (wrangler's bundled
	// declarations of these options do not resolve outside it, hence the cast).
	const config = unstable_getMiniflareWorkerOptions(join(root, "wrangler.toml")).workerOptions as BenchConfig;
	const sections: string[] = [];
	if (process.env.BENCH_ONLY !== "cold-start") sections.push(await measureLoad(config));
	const contenders: Contender[] = [
		{ name: "hello", file: join(root, "scripts", "bench", "hello-worker.js") },
		{ name: "status-d1", file: join(bundle, "index.js") },
		...(process.env.BENCH_COLD_BASELINE
			? [{ name: "baseline", file: join(process.env.BENCH_COLD_BASELINE, "index.js") }]
			: []),
	];
	if (!cachedOnly) sections.push(await coldStartReport(await measureColdStart(config, contenders), contenders));
	const text = sections.join("\n\n");
	await writeFile(join(scratch, "results.md"), `${text}\n`);
	console.log(`\n${text}`);
}

main().catch((error: unknown) => {
	console.error(`bench: ${error instanceof Error ? error.message : error}`);
	process.exitCode = 1;
});
