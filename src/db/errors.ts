/**
 * D1 (binding, network, SQLite) failed. D1 rolls a failed batch back whole, so nothing was
 * written and the caller may retry; the HTTP layer answers 503 with Retry-After.
 */
export class StorageUnavailableError extends Error {
	readonly code = "storage_unavailable";

	constructor(options?: ErrorOptions) {
		super("The status database is unavailable; retry shortly.", options);
		this.name = "StorageUnavailableError";
	}
}

/**
 * A write that lost to concurrent writes of the same row as many times as it may start over.
 * Nothing was written by it; it is contention, not a fault: the HTTP layer answers 503 with a short
 * Retry-After, which relays and scripts already retry.
 */
export class WriteContentionError extends Error {
	readonly code = "write_contention";

	constructor(what: string, attempts: number) {
		super(
			`${what} was changed by concurrent writes ${attempts} times while this one tried; nothing was written, retry shortly.`,
		);
		this.name = "WriteContentionError";
	}
}
