// Cold start: the first answer of new isolates, status-d1 against a hello world.
import { readFile } from "node:fs/promises";
import { benchWrite } from "./fixtures.ts";
import { type BenchConfig, benchWorker, loopbackRuntime } from "./runtime.ts";
import { coldRounds, TOKEN } from "./settings.ts";

export interface ColdCase {
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
		init: benchWrite,
	},
];

export interface Contender {
	name: string;
	file: string;
}

export interface ColdResult {
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
export async function measureColdStart(config: BenchConfig, contenders: Contender[]): Promise<ColdResult[]> {
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
