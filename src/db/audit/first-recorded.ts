import type { RawRow, statusAuditLog } from "../schema";

/**
 * When each surface's state was first recorded (its first audit row; null: never): one seek of
 * status_audit_log_surface_created_idx per id. ?1: the surface ids, as a JSON array.
 */
export const FIRST_RECORDED_SQL = `SELECT value AS surface_id,
		(SELECT created_at FROM status_audit_log WHERE surface_id = value ORDER BY created_at LIMIT 1) AS first_at
	FROM json_each(?1)`;

type FirstRecordedRow = Pick<RawRow<typeof statusAuditLog>, "surface_id"> & {
	first_at: RawRow<typeof statusAuditLog>["created_at"] | null;
};

/** When each surface's state was first recorded, by surface id (never recorded: absent). */
export function firstRecordedOf(result: D1Result | undefined): Map<string, string> {
	const firstRecorded = new Map<string, string>();
	for (const row of (result?.results ?? []) as FirstRecordedRow[]) {
		if (row.first_at !== null) firstRecorded.set(row.surface_id, row.first_at);
	}
	return firstRecorded;
}
