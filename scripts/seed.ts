/**
 * Creates an UNKNOWN surface_state row for every registered surface that has
 * none, through a running Worker. Idempotent; existing rows are never touched.
 *
 *   STATUS_INTERNAL_WRITE_TOKEN in the environment, then
 *   npm run seed -- --worker-url https://status.raxx.app
 *
 * --worker-url may also come from STATUS_WORKER_URL; the token only from the environment.
 */
import { parseArgs } from "node:util";
import { postToWorker, TOKEN_ARGUMENT_REFUSED, TOKEN_VARIABLE } from "./worker-request.ts";

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
		// `token` is declared only to refuse it with a message of its own.
		options: { "worker-url": { type: "string" }, token: { type: "string" } },
	});
	if (values.token !== undefined) {
		console.error(`seed: ${TOKEN_ARGUMENT_REFUSED}`);
		process.exit(2);
	}
	const workerUrl = values["worker-url"] ?? process.env.STATUS_WORKER_URL;
	const token = process.env[TOKEN_VARIABLE];
	if (!workerUrl || !token) {
		console.error("usage: npm run seed -- --worker-url URL");
		console.error(`       with ${TOKEN_VARIABLE} in the environment (and the URL in STATUS_WORKER_URL, if not given)`);
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
