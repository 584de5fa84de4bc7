import { bound, type CompiledQuery, type PublicReader, readVersioned, type Versioned } from "../data-version";
import type { SurfaceStateRow } from "../schema";
import { type RawSurfaceStateRow, surfaceStateFromRaw } from "./rows";

/**
 * The state rows of the given surfaces, exactly as Drizzle compiles the query from src/db/schema.ts
 * (test/worker/db/public-read-sql.test.ts): primary-key lookups (the ids travel as one JSON
 * parameter), so rows of surfaces no longer registered cost nothing however many there are.
 */
export const SURFACE_STATES_SQL = {
	sql: `select "surface_id", "state", "state_since", "state_source", "ticket_pending", "public_note", "last_probe_at", "maintenance_until", "updated_at" from "surface_state" where "surface_state"."surface_id" in (SELECT value FROM json_each(?))`,
	params: [{ name: "ids" }],
} as const satisfies CompiledQuery;

export function surfaceStatesStatement(reader: PublicReader, surfaceIds: readonly string[]): D1PreparedStatement {
	return bound(reader, SURFACE_STATES_SQL, { ids: JSON.stringify(surfaceIds) });
}

export function surfaceStatesOf(result: D1Result | undefined): SurfaceStateRow[] {
	return ((result?.results ?? []) as RawSurfaceStateRow[]).map(surfaceStateFromRaw);
}

/** The state rows of the given surfaces, with the data version: one round trip. */
export async function readSurfaceStates(
	reader: PublicReader,
	surfaceIds: readonly string[],
): Promise<Versioned<SurfaceStateRow[]>> {
	return readVersioned(reader, [surfaceStatesStatement(reader, surfaceIds)], ([rows]) => surfaceStatesOf(rows));
}
