// workerd on loopback through Miniflare, each Worker on its own direct socket.
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from "miniflare";
import { persistTo, root } from "./settings.ts";

export type BenchConfig = Pick<
	V4WorkerOptions,
	| "compatibilityDate"
	| "compatibilityFlags"
	| "bindings"
	| "d1Databases"
	| "ratelimits"
	| "queueProducers"
	| "queueConsumers"
>;

export const socket = { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] };

/** A workerd on loopback over the bench's local D1, running these Workers, each on its own socket. */
export function loopbackRuntime(workers: V4WorkerOptions[]): Miniflare {
	return new Miniflare(
		convertV4MiniflareOptions({ host: "127.0.0.1", port: 0, resourcePersistencePath: join(persistTo, "v3"), workers }),
	);
}

/** One of the bench's own Workers (scripts/bench/), never deployed. */
export function benchWorker(config: BenchConfig, name: string, file: string) {
	return {
		name,
		...socket,
		modules: true,
		scriptPath: join(root, "scripts", "bench", file),
		modulesRoot: join(root, "scripts", "bench"),
		compatibilityDate: config.compatibilityDate,
		d1Databases: config.d1Databases,
	};
}
