import { env } from "cloudflare:workers";
import { expect } from "vitest";

/**
 * The invariants (docs/architecture.md) that hold whatever was sent: per surface an unbroken audit chain
 * ending at the row's state; an audit trail for every row; at most one incident per ticket.
 */
export async function expectInvariants(): Promise<void> {
	const [audit, rows, tickets] = await env.DB.batch<Record<string, unknown>>([
		env.DB.prepare("SELECT surface_id, previous_state, new_state FROM status_audit_log ORDER BY surface_id, id"),
		env.DB.prepare("SELECT surface_id, state FROM surface_state"),
		env.DB.prepare(
			"SELECT freescout_ticket_id, count(*) AS n FROM status_incidents WHERE freescout_ticket_id IS NOT NULL GROUP BY 1 HAVING n > 1",
		),
	]);
	const lastState = new Map<string, unknown>();
	for (const row of audit?.results ?? []) {
		const surfaceId = String(row.surface_id);
		const previous = lastState.has(surfaceId) ? lastState.get(surfaceId) : null;
		if (row.previous_state !== previous) {
			throw new Error(`audit chain of ${surfaceId} broken: ${row.previous_state} after ${previous}`);
		}
		lastState.set(surfaceId, row.new_state);
	}
	for (const row of rows?.results ?? []) {
		expect(lastState.get(String(row.surface_id)), `audit trail of ${row.surface_id}`).toBe(row.state);
	}
	expect(tickets?.results, "one incident per ticket").toEqual([]);
}

/**
 * Invariant 4 where no manual write set ticket_pending explicitly (one may): it is 1 exactly where
 * an incident is open.
 */
export async function expectTicketPendingFollowsIncidents(): Promise<void> {
	const { results } = await env.DB.prepare(
		`SELECT s.surface_id FROM surface_state s
		WHERE s.ticket_pending != EXISTS (SELECT 1 FROM status_incidents i WHERE i.surface_id = s.surface_id AND i.resolved_at IS NULL)`,
	).all();
	expect(results, "ticket_pending exactly where an incident is open").toEqual([]);
}
