import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";

// Reads that arrive together, each in a request of its own, as only a real workerd serves them: the
// worker project's tests all run in one request context, so they cannot see a request's code run,
// or a Response be made, in another request's I/O context (workerd then answers a plain-text 500,
// "Cannot perform I/O on behalf of a different request"). With the public read caches off, every
// uptime read builds or waits for the isolate's shared build (public-cache/shared-builds.ts).

let worker: LocalWorker;

beforeAll(async () => {
	worker = await startLocalWorker({ PUBLIC_CACHE_SECONDS: "0" });
}, 150_000);

afterAll(async () => {
	await worker?.stop();
});

/**
 * The statuses of the answers to `path` from `connections` clients, each asking again as soon as
 * it is answered, until `total` answers, `ms` have passed, or one is not a 200. The failure showed
 * only after some hundreds of reads (once workerd had optimized the code, it seems), so the load
 * runs long enough for that.
 */
async function load(path: string, connections: number, total: number, ms: number): Promise<Record<number, number>> {
	const statuses: Record<number, number> = {};
	const until = Date.now() + ms;
	let sent = 0;
	let failed = false;
	await Promise.all(
		Array.from({ length: connections }, async () => {
			while (!failed && sent < total && Date.now() < until) {
				sent += 1;
				const response = await fetch(`${worker.origin}${path}`);
				await response.arrayBuffer();
				statuses[response.status] = (statuses[response.status] ?? 0) + 1;
				if (response.status !== 200) failed = true;
			}
		}),
	);
	return statuses;
}

describe("uncached public reads under concurrent requests", () => {
	// Before the fix, a plain 500 after some hundreds of reads, then on a share of them; the second
	// variant runs on the warmed isolate.
	it.each([
		{ path: "/api/status/public/uptime?days=90", total: 3000, ms: 20_000 },
		{ path: "/api/status/public/uptime?days=1&surface=login", total: 1000, ms: 5_000 },
	])(
		"answers every request to $path with 200, ten clients at once",
		{ timeout: 40_000 },
		async ({ path, total, ms }) => {
			const statuses = await load(path, 10, total, ms);
			expect(Object.keys(statuses), `statuses: ${JSON.stringify(statuses)}`).toEqual(["200"]);
		},
	);
});
