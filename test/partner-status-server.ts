/**
 * Vitest global setup (Node): a stand-in for partner status pages and probe targets on
 * 127.0.0.1 (scripts/stand-in-server.ts), so the Worker's poller and prober make real HTTP
 * requests in tests.
 *   GET /fixture/<file>   serves test/fixtures/partners/<file>
 *   PUT /script/<key>     takes a JSON list of responses
 *                         [{status, body, contentType, delayMs, location, padBytes}]
 *   GET /script/<key>     answers the next one (the last one repeats)
 * The origin reaches the Worker tests as the PARTNER_SERVER binding.
 */
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startStandInServer } from "../scripts/stand-in-server.ts";

declare module "vitest" {
	export interface ProvidedContext {
		partnerServerOrigin: string;
	}
}

export default async function setup(project: TestProject) {
	const server = await startStandInServer({ fixtures: join(import.meta.dirname, "fixtures", "partners") });
	project.provide("partnerServerOrigin", server.origin);
	return server.close;
}
