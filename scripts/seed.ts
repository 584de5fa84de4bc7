/**
 * Runbook section 6: creates an UNKNOWN surface_state row for every registered surface that has
 * none, through a running Worker. Idempotent; existing rows are never touched.
 *
 *   npm run seed -- --worker-url https://status.raxx.app --token "$TOKEN"
 */
import { parseArgs } from "node:util";

export interface SeedResult {
	created: number;
	existing: number;
	total: number;
}

export async function seed(workerUrl: string, token: string): Promise<SeedResult> {
	const url = new URL("/api/internal/status/seed-surfaces", workerUrl);
	const response = await fetch(url, { method: "POST", headers: { "X-Internal-Status-Token": token } });
	const text = await response.text();
	if (!response.ok) {
		let detail = text;
		try {
			detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
		} catch {}
		throw new Error(`seed failed: HTTP ${response.status} from ${url.origin}: ${detail}`);
	}
	return JSON.parse(text) as SeedResult;
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
