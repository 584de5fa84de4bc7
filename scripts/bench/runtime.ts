// workerd on loopback through Miniflare, each Worker on its own direct socket.
import { join } from "node:path";
import { convertV4MiniflareOptions, type Log, Miniflare, type V4WorkerOptions } from "miniflare";
import { bundle, persistTo, root, TOKEN } from "./settings.ts";

export type BenchConfig = Pick<
	V4WorkerOptions,
	| "compatibilityDate"
	| "compatibilityFlags"
	| "bindings"
	| "d1Databases"
	| "ratelimits"
	| "queueProducers"
	| "queueConsumers"
	| "email"
>;

export const socket = { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] };

/** A workerd on loopback over the bench's local D1, running these Workers, each on its own socket. */
export function loopbackRuntime(workers: V4WorkerOptions[], log?: Log): Miniflare {
	return new Miniflare(
		convertV4MiniflareOptions({
			host: "127.0.0.1",
			port: 0,
			resourcePersistencePath: join(persistTo, "v3"),
			workers,
			...(log ? { log } : {}),
		}),
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

/**
 * status-d1's bundle as `name`, with wrangler.toml's bindings, the bench's write token and
 * `bindings` over them; the queue producer a write uses, and its consumer only when asked.
 */
export function statusWorker(
	config: BenchConfig,
	name: string,
	bindings: Record<string, string>,
	options: { consumer?: boolean } = {},
) {
	return {
		name,
		...socket,
		modules: true,
		scriptPath: join(bundle, "index.js"),
		modulesRoot: bundle,
		compatibilityDate: config.compatibilityDate,
		compatibilityFlags: config.compatibilityFlags,
		bindings: { ...config.bindings, STATUS_INTERNAL_WRITE_TOKEN: TOKEN, ...bindings },
		d1Databases: config.d1Databases,
		ratelimits: config.ratelimits,
		queueProducers: config.queueProducers,
		email: config.email,
		...(options.consumer ? { queueConsumers: config.queueConsumers } : {}),
	};
}
