// The Markdown tables the bench prints and writes to .wrangler/bench/results.md.
import { readFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { gzipSync } from "node:zlib";
import type { ColdResult, Contender } from "./cold-start.ts";
import type { Reads } from "./load.ts";
import type { Measurement } from "./measure.ts";
import { coldRounds, connections, rounds, seconds } from "./settings.ts";

const ratio = (value: number, reference: number | null) => (reference ? (value / reference).toFixed(2) : "-");

/** The load figures as a Markdown table, with the loaded/empty latency of the uncached reads. */
export function loadReport(
	measurements: readonly Measurement[],
	uncachedReads: { empty: Reads; loaded: Reads } | null,
): string {
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

async function sizeOf(file: string): Promise<{ bytes: number; gzip: number }> {
	const code = await readFile(file);
	return { bytes: code.length, gzip: gzipSync(code).length };
}

export async function coldStartReport(results: ColdResult[], contenders: Contender[]): Promise<string> {
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
