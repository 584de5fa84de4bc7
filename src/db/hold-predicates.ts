import { inArray, type SQL, sql } from "drizzle-orm";
import { type Hold, MANUAL_HOLD_STATES } from "../domain/precedence";
import { surfaceState } from "./schema";

/** Each hold of domain/precedence.ts as a predicate on the surface's current surface_state row. */
export function holdPredicate(hold: Hold, nowIso: string): SQL {
	switch (hold) {
		case "manual_hold":
			return sql`(${surfaceState.stateSource} = 'manual' AND (${inArray(surfaceState.state, [...MANUAL_HOLD_STATES])} OR (${surfaceState.state} = 'MAINTENANCE' AND ${surfaceState.maintenanceUntil} IS NULL)))`;
		case "maintenance_window":
			return sql`(${surfaceState.state} = 'MAINTENANCE' AND ${surfaceState.maintenanceUntil} > ${nowIso})`;
		case "open_ticket":
			return sql`(${surfaceState.ticketPending} = 1)`;
	}
}

/** The first of `holds` that applies to the row, as text, or NULL when none does. */
export function firstHoldSql(holds: readonly Hold[], nowIso: string): SQL<Hold | null> {
	if (holds.length === 0) return sql<null>`NULL`;
	const branches = holds.map((hold) => sql`WHEN ${holdPredicate(hold, nowIso)} THEN ${hold}`);
	return sql<Hold | null>`(CASE ${sql.join(branches, sql` `)} ELSE NULL END)`;
}
