import { and, gte, isNull, type Placeholder, type SQL, sql } from "drizzle-orm";
import { QueryBuilder, unionAll } from "drizzle-orm/sqlite-core";
import { statusIncidents } from "../../../src/db/schema";

/**
 * RECENT_INCIDENTS_SQL (src/db/incidents/reads.ts) as Drizzle's query builder writes it from the
 * schema: test/worker/db/public-read-sql.test.ts holds the text equal to it.
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
		branch().where(and(gte(openedAt, since), sql`+${resolvedAt} < ${since}`)),
	);
}
