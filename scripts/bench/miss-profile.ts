// Where a cache miss's time goes, for the reads whose miss is furthest from one D1 round trip:
// requests one at a time, so that each latency is the work of one request alone. Three figures per
// read, each the median of PROFILE_REQUESTS:
// - the same answer after one D1 round trip (the reference the load bench divides by);
// - a miss at an unchanged data version: the isolate holds the rows of the version, so the Worker
//   checks the version (one round trip, rows only where they changed) and builds the answer;
// - a miss after a write: every statement returns its rows and the answer is built from them.
// The second minus the first is the Worker's own building; the third minus the second is what
// reading the rows costs.
import type { Miniflare } from "miniflare";
import {
	benchWrite,
	calmQuarterSql,
	FLAPPING_QUARTER_TRANSITIONS,
	HISTORY_SQL,
	OLD_MAINTENANCE_SQL,
	RECENT_MAINTENANCE_SQL,
	RECENT_SQL,
	rebuildRollup,
	TIMELINE_SQL,
} from "./fixtures.ts";
import { type BenchConfig, benchWorker, loopbackRuntime, statusWorker } from "./runtime.ts";
import { TOKEN } from "./settings.ts";

const PROFILE_REQUESTS = Number(process.env.BENCH_PROFILE_REQUESTS ?? 60);

type Database = Awaited<ReturnType<Miniflare["getD1Database"]>>;

export interface MissProfile {
	read: string;
	bytes: number;
	/** Medians, in milliseconds. */
	sameAnswerMs: number;
	heldMissMs: number;
	freshMissMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timed(url: string): Promise<{ ms: number; bytes: number }> {
	const started = performance.now();
	const response = await fetch(url);
	const body = await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
	return { ms: performance.now() - started, bytes: body.byteLength };
}

/** A write through the Worker: a new data version, so the next read's rows are all new. */
async function write(origin: string, round: number): Promise<void> {
	const response = await fetch(`${origin}/api/internal/status/update-surface`, benchWrite(round));
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`update-surface: ${response.status}`);
}

async function recordSameAnswer(sameAnswer: string, name: string, url: string): Promise<string> {
	const response = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
	const body = await response.text();
	const headers = [...response.headers].filter(([header]) => !["content-length", "date"].includes(header));
	const at = `${sameAnswer}/${encodeURIComponent(name)}`;
	const recorded = await fetch(at, { method: "PUT", body: JSON.stringify({ status: 200, headers, body, d1: true }) });
	if (recorded.status !== 204) throw new Error(`could not record the answer of ${name}`);
	return at;
}

async function profileRead(origin: string, sameAnswer: string, read: string, path: string): Promise<MissProfile> {
	const reference = await recordSameAnswer(sameAnswer, read, `${origin}${path}`);
	const referenceMs: number[] = [];
	const heldMs: number[] = [];
	const freshMs: number[] = [];
	let bytes = 0;
	for (let round = 0; round < PROFILE_REQUESTS; round += 1) {
		referenceMs.push((await timed(reference)).ms);
		await write(origin, round);
		const fresh = await timed(`${origin}${path}`);
		freshMs.push(fresh.ms);
		bytes = fresh.bytes;
		heldMs.push((await timed(`${origin}${path}`)).ms);
	}
	return {
		read,
		bytes,
		sameAnswerMs: median(referenceMs),
		heldMissMs: median(heldMs),
		freshMissMs: median(freshMs),
	};
}

async function loadHistory(origin: string, db: Database): Promise<void> {
	const seeded = await fetch(`${origin}/api/internal/status/seed-surfaces`, {
		method: "POST",
		headers: { "X-Internal-Status-Token": TOKEN },
	});
	if (seeded.status !== 200) throw new Error(`seeding failed: ${seeded.status}`);
	for (const statement of [
		...RECENT_SQL,
		TIMELINE_SQL,
		RECENT_MAINTENANCE_SQL,
		...HISTORY_SQL.slice(0, -1),
		TIMELINE_SQL,
		OLD_MAINTENANCE_SQL,
	]) {
		await db.prepare(statement).run();
	}
	const board = (await (await fetch(`${origin}/api/status/public/surfaces`)).json()) as { surfaces: { id: string }[] };
	await db
		.prepare(calmQuarterSql(FLAPPING_QUARTER_TRANSITIONS))
		.bind(JSON.stringify(board.surfaces.map((surface) => surface.id)))
		.run();
	await db.prepare("ANALYZE").run();
	console.log(`bench: profile: the rollup rebuilt in ${await rebuildRollup(origin)}`);
}

/** The miss profile of the page and summary.json on the loaded database (the load bench's history). */
export async function measureMissProfile(config: BenchConfig): Promise<MissProfile[]> {
	const mf = loopbackRuntime([
		statusWorker(config, "status-uncached", { PUBLIC_CACHE_SECONDS: "0" }),
		benchWorker(config, "same-answer", "same-answer-worker.js"),
	]);
	try {
		await mf.ready;
		const origin = (await mf.unsafeGetDirectURL("status-uncached")).href.replace(/\/$/, "");
		const sameAnswer = (await mf.unsafeGetDirectURL("same-answer")).href.replace(/\/$/, "");
		console.log("bench: profile: loading the history (as the load bench does)");
		await loadHistory(origin, await mf.getD1Database("DB", "status-uncached"));
		const profiles: MissProfile[] = [];
		for (const [read, path] of [
			["`v2/summary.json`", "/api/v2/summary.json"],
			["`/` (the HTML page)", "/"],
			["`uptime?days=90`", "/api/status/public/uptime?days=90"],
			["surfaces", "/api/status/public/surfaces"],
		] as const) {
			const profile = await profileRead(origin, sameAnswer, read, path);
			console.log(`bench: profile: ${JSON.stringify(profile)}`);
			profiles.push(profile);
		}
		return profiles;
	} finally {
		await mf.dispose();
	}
}

const ms = (value: number) => value.toFixed(1);

export function missProfileReport(profiles: readonly MissProfile[]): string {
	return [
		`### Where a miss's time goes (${PROFILE_REQUESTS} requests one at a time, medians, ms)`,
		"",
		"| read | bytes | same answer after one D1 round trip | miss, rows held | miss after a write | building | reading the rows |",
		"| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
		...profiles.map(
			(p) =>
				`| ${p.read} | ${p.bytes} | ${ms(p.sameAnswerMs)} | ${ms(p.heldMissMs)} | ${ms(p.freshMissMs)} | ${ms(p.heldMissMs - p.sameAnswerMs)} | ${ms(p.freshMissMs - p.heldMissMs)} |`,
		),
	].join("\n");
}
