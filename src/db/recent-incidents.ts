import { and, gte, isNull, type Placeholder, type SQL, sql } from "drizzle-orm";
import { QueryBuilder, unionAll } from "drizzle-orm/sqlite-core";
import { statusIncidents } from "./schema";

/**
 * Unresolved incidents and those opened or resolved since `since`, in one query, unordered (the
 * public read runs it as text, PUBLIC_READ_SQL in public-reads.ts, which a test holds equal):
 * an ORDER BY here makes SQLite walk the opened_at index whole to merge the branches in order.
 * Written as three disjoint index range lookups (an OR lets SQLite scan a whole index instead):
 * open and resolved-since on (resolved_at, opened_at), opened-since on (opened_at).
 */
export function selectRecentIncidents(since: string | Placeholder | SQL) {
	const { resolvedAt, openedAt } = statusIncidents;
	const columns = {
		id: statusIncidents.id,
		surfaceId: statusIncidents.surfaceId,
		openedAt,
		resolvedAt,
		publicNote: statusIncidents.publicNote,
		freescoutTicketId: statusIncidents.freescoutTicketId,
		severity: statusIncidents.severity,
		freescoutUpdatedAt: statusIncidents.freescoutUpdatedAt,
	};
	const qb = new QueryBuilder();
	const branch = () => qb.select(columns).from(statusIncidents);
	return unionAll(
		branch().where(isNull(resolvedAt)),
		branch().where(gte(resolvedAt, since)),
		// Resolved before the window yet opened in it (only with a clock skew); unary + keeps
		// SQLite on the opened_at index for this branch.
		branch().where(and(gte(openedAt, since), sql`+${resolvedAt} < ${since}`)),
	);
}
