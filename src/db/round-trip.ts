import { StorageUnavailableError } from "./errors";

// A broken constraint is no outage: the same statement would fail again on every retry. Input is
// checked before it is written, so reaching one is a bug of ours (answered 500 and logged).
const CONSTRAINT_VIOLATION = /SQLITE_CONSTRAINT|constraint failed/i;

/** D1 (binding, network, SQLite) failures, as opposed to bugs in our own code. */
function isStorageFailure(error: unknown): boolean {
	for (let cause = error; cause instanceof Error; cause = cause.cause) {
		if (CONSTRAINT_VIOLATION.test(cause.message)) return false;
		if (/D1_|SQLITE_|Network connection lost|storage|overloaded|reset because/i.test(cause.message)) return true;
	}
	return false;
}

/**
 * Runs one D1 round trip. A D1 failure surfaces as StorageUnavailableError: D1 rolls a failed
 * batch back whole, so the caller may retry safely. Anything else is a bug and propagates as it is.
 */
export async function roundTrip<T>(query: () => Promise<T>): Promise<T> {
	try {
		return await query();
	} catch (error) {
		if (!isStorageFailure(error)) throw error;
		throw new StorageUnavailableError({ cause: error });
	}
}
