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
 *    migrations (wrangler d1 migrations apply --local).
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
 * 5. Loads 40,000 audit rows newer than the rollup's fold point and times a burst of all 90 uptime
 *    `days` variants after a write against one miss, and `/surfaces` during the burst.
 * BENCH_SECONDS (3), BENCH_ROUNDS (3) and BENCH_CONNECTIONS (10) change the runs; BENCH_ONLY=cached
 * measures the cached reads alone, and BENCH_MATCH=text with it only those whose name contains text;
 * BENCH_ONLY=amplification only the burst (step 5), on the page's own data.
 * 6. Notifications: an incident write with 10,000 subscribers against the same write with none,
 *    10,000 deliveries through the queue to a receiver on 127.0.0.1, and one incident update to
 *    10,000 email subscribers through the simulated Email Service (BENCH_ONLY=notifications alone).
 * BENCH_ONLY=profile runs only where a miss's time goes (scripts/bench/miss-profile.ts): the page,
 * summary.json, uptime and surfaces requested one at a time on the loaded database, with the rows
 * held and after a write, against the same answer after one D1 round trip.
 * Everything listens on 127.0.0.1 and is stopped at the end.
 */
import { execFile } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { amplificationReport } from "./bench/amplification.ts";
import { type Contender, measureColdStart } from "./bench/cold-start.ts";
import { measureLoad } from "./bench/load.ts";
import { measureMissProfile, missProfileReport } from "./bench/miss-profile.ts";
import { measureNotifications, notificationsReport } from "./bench/notifications.ts";
import { coldStartReport, loadReport } from "./bench/report.ts";
import type { BenchConfig } from "./bench/runtime.ts";
import {
	amplificationOnly,
	bundle,
	cachedOnly,
	notificationsOnly,
	persistTo,
	profileOnly,
	root,
	scratch,
	uncachedOnly,
} from "./bench/settings.ts";

const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };

async function wrangler(args: string[]): Promise<void> {
	await promisify(execFile)(process.execPath, [wranglerBin, ...args], { cwd: root, env, maxBuffer: 64 * 1024 * 1024 });
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
	if (profileOnly) {
		sections.push(missProfileReport(await measureMissProfile(config)));
	}
	if (process.env.BENCH_ONLY !== "cold-start" && !notificationsOnly && !profileOnly) {
		const results = await measureLoad(config);
		if (results.measurements.length > 0) sections.push(loadReport(results.measurements, results.uncachedReads));
		if (results.amplification) sections.push(amplificationReport(results.amplification));
	}
	if (notificationsOnly || process.env.BENCH_ONLY === undefined) {
		sections.push(notificationsReport(await measureNotifications(config)));
	}
	const contenders: Contender[] = [
		{ name: "hello", file: join(root, "scripts", "bench", "hello-worker.js") },
		{ name: "status-d1", file: join(bundle, "index.js") },
		...(process.env.BENCH_COLD_BASELINE
			? [{ name: "baseline", file: join(process.env.BENCH_COLD_BASELINE, "index.js") }]
			: []),
	];
	if (!cachedOnly && !amplificationOnly && !notificationsOnly && !profileOnly && !uncachedOnly)
		sections.push(await coldStartReport(await measureColdStart(config, contenders), contenders));
	const text = sections.join("\n\n");
	await writeFile(join(scratch, "results.md"), `${text}\n`);
	console.log(`\n${text}`);
}

main().catch((error: unknown) => {
	console.error(
		`bench: ${error instanceof Error ? error.message : error}`,
		error instanceof Error && error.cause ? error.cause : "",
	);
	process.exitCode = 1;
});
