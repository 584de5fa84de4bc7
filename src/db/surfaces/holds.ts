import { type Hold, MANUAL_HOLD_STATES } from "../../domain/precedence";
import { type SQL, sql } from "../sql";

const manualHoldStates = sql.join(
	MANUAL_HOLD_STATES.map((state) => sql`${state}`),
	sql`, `,
);

/** Each hold of domain/precedence.ts as a predicate on the surface's current surface_state row. */
export function holdPredicate(hold: Hold, nowIso: string): SQL {
	switch (hold) {
		case "manual_hold":
			return sql`(surface_state.state_source = 'manual' AND (surface_state.state IN (${manualHoldStates})
				OR (surface_state.state = 'MAINTENANCE' AND surface_state.maintenance_until IS NULL)))`;
		case "maintenance_window":
			return sql`(surface_state.state = 'MAINTENANCE' AND surface_state.maintenance_until > ${nowIso})`;
		case "open_ticket":
			return sql`(surface_state.ticket_pending = 1)`;
	}
}

/** The first of `holds` that applies to the row, as text, or NULL when none does. */
export function firstHoldSql(holds: readonly Hold[], nowIso: string): SQL<Hold | null> {
	if (holds.length === 0) return sql<null>`NULL`;
	const branches = holds.map((hold) => sql`WHEN ${holdPredicate(hold, nowIso)} THEN ${hold}`);
	return sql<Hold | null>`(CASE ${sql.join(branches, sql` `)} ELSE NULL END)`;
}
