// A burst of every uptime variant after a write, with the live part of the history far behind
// the rollup: what it costs against one miss, and what it does to a plain read beside it.
import type { Miniflare } from "miniflare";
import { benchWrite } from "./fixtures.ts";

type Database = Awaited<ReturnType<Miniflare["getD1Database"]>>;

export const LIVE_ROWS = 40_000;
const DAYS = 90;
const BURST_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3) * 2 + 1;

export interface Amplification {
	liveRows: number;
	/** Medians, in milliseconds. */
	singleMissMs: number;
	burstMs: number;
	surfacesAloneMs: number;
	surfacesDuringBurstMs: number;
	rounds: number;
}

/**
 * LIVE_ROWS transitions of the registered surfaces (?1, as JSON) in the last four minutes: newer
 * than any fold point, so every one of them is live for a history read.
 */
const liveRowsSql = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${LIVE_ROWS})
	INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at)
	SELECT json_extract(?1, '$[' || (i % json_array_length(?1)) || ']'), 'bench', NULL,
		CASE (i / json_array_length(?1)) % 4 WHEN 0 THEN 'DOWN' WHEN 1 THEN 'PARTIAL' WHEN 2 THEN 'DEGRADED' ELSE 'OPERATIONAL' END,
		'manual', 'bench burst', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * 240.0 / ${LIVE_ROWS}) || ' seconds')
	FROM n`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timed(url: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(url);
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
	return performance.now() - started;
}

/** A write through the Worker: a new data version, so the next public reads are misses. */
async function write(origin: string, round: number): Promise<void> {
	const response = await fetch(`${origin}/api/internal/status/update-surface`, benchWrite(round));
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`update-surface: ${response.status}`);
}

async function burst(origin: string): Promise<number> {
	const started = performance.now();
	await Promise.all(
		Array.from({ length: DAYS }, (_, index) => timed(`${origin}/api/status/public/uptime?days=${index + 1}`)),
	);
	return performance.now() - started;
}

/** Reads `/surfaces` one after another until `until` settles; their latencies. */
async function surfacesUntil(origin: string, until: Promise<unknown>): Promise<number[]> {
	let done = false;
	void until.finally(() => {
		done = true;
	});
	const latencies: number[] = [];
	while (!done) latencies.push(await timed(`${origin}/api/status/public/surfaces`));
	return latencies;
}

/**
 * On the Worker with its caches (`origin`): loads LIVE_ROWS live audit rows, then, in turns after
 * a write each, times one miss of `uptime?days=90`, all 90 `days` variants at once, and
 * `/surfaces` read alone and during a burst.
 */
export async function measureAmplification(origin: string, db: Database, surfaceIds: string): Promise<Amplification> {
	console.log(`bench: loading ${LIVE_ROWS} live audit rows (newer than the rollup's fold point)`);
	await db.prepare(liveRowsSql).bind(surfaceIds).run();
	const single: number[] = [];
	const bursts: number[] = [];
	const alone: number[] = [];
	const during: number[] = [];
	for (let round = 0; round < BURST_ROUNDS; round += 1) {
		await write(origin, round);
		single.push(await timed(`${origin}/api/status/public/uptime?days=${DAYS}`));
		await write(origin, round + 1);
		await timed(`${origin}/api/status/public/surfaces`);
		alone.push(...(await surfacesUntil(origin, new Promise((resolve) => setTimeout(resolve, 200)))));
		await write(origin, round);
		const running = burst(origin);
		const [burstMs, surfaces] = await Promise.all([running, surfacesUntil(origin, running)]);
		bursts.push(burstMs);
		during.push(...surfaces);
	}
	const result = {
		liveRows: LIVE_ROWS,
		singleMissMs: median(single),
		burstMs: median(bursts),
		surfacesAloneMs: median(alone),
		surfacesDuringBurstMs: median(during),
		rounds: BURST_ROUNDS,
	};
	console.log(`bench: amplification ${JSON.stringify(result)}`);
	return result;
}

export function amplificationReport(result: Amplification): string {
	const ms = (value: number) => value.toFixed(1);
	return [
		`A burst after a write, with ${result.liveRows.toLocaleString("en-US")} live audit rows (newer than the rollup's fold point); medians of ${result.rounds} rounds.`,
		"",
		"| measured | ms | ratio | goal |",
		"|---|---:|---:|---:|",
		`| one miss of uptime?days=90 | ${ms(result.singleMissMs)} | - | - |`,
		`| all 90 days variants at once, until the last answer | ${ms(result.burstMs)} | ${(result.burstMs / result.singleMissMs).toFixed(2)} | <= 2 |`,
		`| /surfaces, alone (after a write) | ${ms(result.surfacesAloneMs)} | - | - |`,
		`| /surfaces, during the burst | ${ms(result.surfacesDuringBurstMs)} | ${(result.surfacesDuringBurstMs / result.surfacesAloneMs).toFixed(2)} | <= 2 |`,
	].join("\n");
}
