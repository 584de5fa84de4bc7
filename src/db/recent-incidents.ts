import { and, gte, isNull, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/sqlite-core";
import type { Db } from "./client";
import { statusIncidents } from "./schema";

/**
 * Unresolved incidents and those opened or resolved since `sinceIso`, in one query, unordered:
 * an ORDER BY here makes SQLite walk the opened_at index whole to merge the branches in order.
 * Written as three disjoint index range lookups (an OR lets SQLite scan a whole index instead):
 * open and resolved-since on (resolved_at, opened_at), opened-since on (opened_at).
 */
export function selectRecentIncidents(db: Db, sinceIso: string) {
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
	const branch = () => db.select(columns).from(statusIncidents);
	return unionAll(
		branch().where(isNull(resolvedAt)),
		branch().where(gte(resolvedAt, sinceIso)),
		// Resolved before the window yet opened in it (only with a clock skew); unary + keeps
		// SQLite on the opened_at index for this branch.
		branch().where(and(gte(openedAt, sinceIso), sql`+${resolvedAt} < ${sinceIso}`)),
	);
}
