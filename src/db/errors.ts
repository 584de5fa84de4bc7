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
