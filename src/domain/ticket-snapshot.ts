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
	/** The incident status field (investigating, identified, monitoring, resolved), if set. */
	status: string | null;
	/** The sender's event name, for logs and the audit note. */
	event: string;
}
