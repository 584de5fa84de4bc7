import { and, desc, gte, isNull, type Placeholder, type SQL, sql } from "drizzle-orm";
import { QueryBuilder, type SQLiteColumn, unionAll } from "drizzle-orm/sqlite-core";
import { statusIncidents } from "../../../src/db/schema";

/**
 * RECENT_INCIDENTS_SQL (src/db/incidents/reads.ts) as Drizzle's query builder writes it from the
 * schema: test/worker/db/public-read-sql.test.ts holds the text equal to it.
 */
export function selectRecentIncidents(since: string | Placeholder | SQL, limit: number | Placeholder) {
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
		// Named in full: Drizzle drops the table from columns inside sql``.
		publicTitle: sql<
			string | null
		>`(select "t"."title" from "status_incident_titles" "t" where "t"."incident_id" = "status_incidents"."id")`.as(
			"public_title",
		),
	};
	const qb = new QueryBuilder();
	const branch = (name: string, where: SQL | undefined, newest: SQLiteColumn) =>
		qb.select().from(qb.select(columns).from(statusIncidents).where(where).orderBy(desc(newest)).limit(limit).as(name));
	return unionAll(
		branch("open_incidents", isNull(resolvedAt), openedAt),
		branch("resolved_incidents", gte(resolvedAt, since), resolvedAt),
		branch("skewed_incidents", and(gte(openedAt, since), sql`+${resolvedAt} < ${since}`), openedAt),
	)
		.orderBy(sql`"resolved_at" desc nulls first`, sql`"opened_at" desc`, sql`"id" desc`)
		.limit(limit);
}
