import { type Db, sql, statement } from "../sql";

/**
 * Creates an UNKNOWN row, with its audit row, for each id that has none, in one batch; existing
 * rows are left alone. Returns how many rows were created. The ids travel as one JSON parameter
 * because D1 allows at most 100 bound parameters per query.
 */
export async function runSurfaceSeed(
	db: Db,
	surfaceIds: readonly string[],
	actor: string,
	nowIso: string,
): Promise<number> {
	const ids = JSON.stringify(surfaceIds);
	const audit = sql`INSERT INTO status_audit_log
		(surface_id, actor, previous_state, new_state, source, note, created_at)
		SELECT ids.value, ${actor}, NULL, 'UNKNOWN', 'manual', 'seeded', ${nowIso}
		FROM json_each(${ids}) AS ids
		WHERE NOT EXISTS (SELECT 1 FROM surface_state WHERE surface_state.surface_id = ids.value)`;
	const rows = sql`INSERT INTO surface_state
		(surface_id, state, state_since, state_source, ticket_pending, public_note, maintenance_until, updated_at)
		SELECT ids.value, 'UNKNOWN', ${nowIso}, 'manual', 0, NULL, NULL, ${nowIso}
		FROM json_each(${ids}) AS ids
		WHERE true
		ON CONFLICT (surface_id) DO NOTHING
		RETURNING surface_id`;
	// Counted from RETURNING: D1's meta.changes also counts the rows its triggers touch.
	const [, inserted] = await db.batch([statement(db, audit), statement(db, rows)]);
	return inserted?.results.length ?? 0;
}
