/**
 * Creates an UNKNOWN surface_state row for every registered surface that has
 * none, through a running Worker. Idempotent; existing rows are never touched.
 *
 *   npm run seed -- --worker-url https://status.raxx.app --token "$TOKEN"
 */
import { parseArgs } from "node:util";
import { postToWorker } from "./worker-request.ts";

export interface SeedResult {
	created: number;
	existing: number;
	total: number;
}

export function seed(workerUrl: string, token: string): Promise<SeedResult> {
	return postToWorker<SeedResult>(workerUrl, "/api/internal/status/seed-surfaces", token, "seed");
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: { "worker-url": { type: "string" }, token: { type: "string" } },
	});
	const workerUrl = values["worker-url"] ?? process.env.STATUS_WORKER_URL;
	const token = values.token ?? process.env.STATUS_INTERNAL_WRITE_TOKEN;
	if (!workerUrl || !token) {
		console.error("usage: npm run seed -- --worker-url URL --token TOKEN");
		console.error("       (or STATUS_WORKER_URL and STATUS_INTERNAL_WRITE_TOKEN in the environment)");
		process.exit(2);
	}
	const result = await seed(workerUrl, token);
	console.log(
		`seeded ${result.created} surface(s) as UNKNOWN; ${result.existing} already had a state (${result.total} registered)`,
	);
}

if (import.meta.main) {
	main().catch((error: unknown) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
