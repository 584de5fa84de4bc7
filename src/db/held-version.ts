// Reads that an isolate may already hold the answer to: a statement written with
// `unlessAtHeldVersion` returns no rows when the public data version is still ?9, the version of
// what the isolate holds (?9 NULL: nothing held), and reads next to nothing then.

/**
 * `sql` limited to no rows at the held version. SQLite tests a LIMIT of 0 before it opens any
 * cursor, so neither the statement's scans nor its subqueries run. (A WHERE term would be tested
 * row by row, after the subqueries that bound the rows had run.)
 */
export const unlessAtHeldVersion = (sql: string): string =>
	`${sql}\n\tLIMIT (CASE WHEN (SELECT version FROM status_version WHERE id = 1) IS NOT ?9 THEN -1 ELSE 0 END)`;

/** A statement's values, then ?9: the held version (none: NULL). At most eight values of its own. */
export function withHeldVersion(values: readonly unknown[], heldVersion: number | null): unknown[] {
	return [...values, ...Array.from({ length: 8 - values.length }, () => null), heldVersion];
}
