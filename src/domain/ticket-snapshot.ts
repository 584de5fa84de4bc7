import { isPastClock, MAX_CLOCK_SKEW_TEXT } from "./instants";

/**
 * A helpdesk ticket as one webhook delivery saw it, whatever the sender's format. Each delivery
 * carries the whole ticket, so the newest snapshot alone decides the ticket's incident.
 */
export interface TicketSnapshot {
	ticketId: number;
	/** The number people see (#123), for the audit note; FreeScout's key is `ticketId`. */
	ticketNumber: number | null;
	/** Open (active, pending) or not (closed, spam, deleted). */
	open: boolean;
	/** The ticket's update time: orders deliveries, which arrive repeated and out of order. */
	updatedAt: Date;
	/** When the ticket was created, if the sender says; the incident's opened_at. */
	createdAt: Date | null;
	/** The custom field values, blank as null: identifiers trimmed, the public note as written. */
	component: string | null;
	severity: string | null;
	publicNote: string | null;
	/** The incident's public title as written (null: none given, the title is generated). */
	publicTitle: string | null;
	/** The incident status field (investigating, identified, monitoring, resolved), if set. */
	status: string | null;
	/** The sender's event name, for logs and the audit note. */
	event: string;
}

export type TicketTimesProblem = { code: "instant_in_future" | "created_after_updated"; message: string };

/**
 * Why a snapshot's times cannot order anything (null: they can): its update time orders the
 * ticket's events and its creation time opens the incident, so neither may lie more than
 * MAX_CLOCK_SKEW_MS past the Worker's clock, and the ticket cannot be created after its update.
 */
export function ticketTimesProblem(
	ticket: Pick<TicketSnapshot, "updatedAt" | "createdAt">,
	now: Date,
): TicketTimesProblem | null {
	const clock = `the Worker's clock (${now.toISOString()}) by more than ${MAX_CLOCK_SKEW_TEXT}`;
	if (isPastClock(ticket.updatedAt, now)) {
		return {
			code: "instant_in_future",
			message: `The ticket's update time ${ticket.updatedAt.toISOString()} is past ${clock}; nothing was recorded.`,
		};
	}
	if (ticket.createdAt !== null && isPastClock(ticket.createdAt, now)) {
		return {
			code: "instant_in_future",
			message: `The ticket's creation time ${ticket.createdAt.toISOString()} is past ${clock}; nothing was recorded.`,
		};
	}
	if (ticket.createdAt !== null && ticket.createdAt.getTime() > ticket.updatedAt.getTime()) {
		return {
			code: "created_after_updated",
			message: `The ticket's creation time ${ticket.createdAt.toISOString()} is after its update time ${ticket.updatedAt.toISOString()}; nothing was recorded.`,
		};
	}
	return null;
}
