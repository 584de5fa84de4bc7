/**
 * Creates an UNKNOWN surface_state row for every registered surface that has
 * none, through a running Worker. Idempotent; existing rows are never touched.
 *
 *   npm run seed                          the local Worker `npm start` runs (token from .dev.vars);
 *                                         --port N or --persist-to DIR when several run
 *   STATUS_INTERNAL_WRITE_TOKEN in the environment, then
 *   npm run seed -- --worker-url https://status.raxx.app
 *
 * --worker-url may also come from STATUS_WORKER_URL; the token for it only from the environment.
 */
import { parseArgs } from "node:util";
import { LOCAL_TARGET_OPTIONS, LocalTargetProblem, localWorker, usingLine } from "./local-worker-target.ts";
import { localWorkerToken, postToWorker, TOKEN_ARGUMENT_REFUSED, TOKEN_VARIABLE } from "./worker-request.ts";

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
		options: { ...LOCAL_TARGET_OPTIONS, "worker-url": { type: "string" }, token: { type: "string" } },
	});
	if (values.token !== undefined) {
		console.error(`seed: ${TOKEN_ARGUMENT_REFUSED}`);
		process.exit(2);
	}
	const namedUrl = values["worker-url"] || process.env.STATUS_WORKER_URL;
	if (namedUrl) {
		const token = process.env[TOKEN_VARIABLE];
		if (!token) {
			console.error("usage: npm run seed -- --worker-url URL");
			console.error(
				`       with ${TOKEN_VARIABLE} in the environment (and the URL in STATUS_WORKER_URL, if not given)`,
			);
			process.exit(2);
		}
		report(await seed(namedUrl, token));
		return;
	}
	const target = localWorker(values);
	const token = localWorkerToken();
	if (!token) {
		throw new LocalTargetProblem(
			`the local Worker's token comes from .dev.vars (npm start creates it) or ${TOKEN_VARIABLE}`,
		);
	}
	console.log(`seed: ${usingLine(target)}`);
	report(await seed(target.url, token));
}

function report(result: SeedResult): void {
	console.log(
		`seeded ${result.created} surface(s) as UNKNOWN; ${result.existing} already had a state (${result.total} registered)`,
	);
}

if (import.meta.main) {
	main().catch((error: unknown) => {
		// postToWorker's errors start with "seed" already.
		const message = error instanceof Error ? error.message : String(error);
		console.error(error instanceof LocalTargetProblem ? `seed: ${message}` : message);
		process.exit(1);
	});
}
