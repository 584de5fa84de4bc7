import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { fanOutEvents } from "../../../src/db/notifications/deliveries";
import type { EventType } from "../../../src/domain/notifications/event";
import type { SubscriberKind } from "../../../src/domain/notifications/subscriber-url";

interface EventLine {
	id: string;
	type: EventType | null;
	subject_kind: string;
	subject_id: string | null;
	sequence: number | null;
	surface_ids: string;
	occurred_at: string;
	before: string | null;
	after: string | null;
}

interface SubscriberLine {
	id: string;
	kind: SubscriberKind;
	events: string;
	surface_ids: string | null;
	enabled: number;
	created_at: string;
}

/**
 * The outbox's invariants (docs/architecture.md, "Notifications"), whatever was written: no draft
 * survives its batch; every state change in the audit log has exactly one surface.state_changed
 * event and every such event its state change; each subject's events are numbered 1..n; once
 * fanned out, each event has exactly one delivery per subscriber that asked for it, and no delivery
 * exists without its event. Call only where every write notifies (no notify: false, no audit rows
 * inserted by hand).
 */
export async function expectOutboxInvariants(now = new Date()): Promise<void> {
	while ((await fanOutEvents(env.DB, now.toISOString())) > 0) {}
	const [eventsResult, changesResult, subscribersResult, deliveriesResult] = await env.DB.batch<
		Record<string, unknown>
	>([
		env.DB.prepare("SELECT * FROM notification_events ORDER BY subject_kind, subject_id, sequence"),
		env.DB.prepare(
			`SELECT surface_id, new_state, created_at FROM status_audit_log
			WHERE previous_state IS NOT NULL AND previous_state != new_state ORDER BY surface_id, id`,
		),
		env.DB.prepare("SELECT * FROM notification_subscribers"),
		env.DB.prepare("SELECT event_id, subscriber_id FROM notification_deliveries ORDER BY event_id, subscriber_id"),
	]);
	const events = (eventsResult?.results ?? []) as unknown as EventLine[];
	expect(
		events.filter((event) => event.type === null),
		"no draft outlives its batch",
	).toEqual([]);

	const stateChanges = (changesResult?.results ?? []).map(
		(row) => `${row.surface_id} ${row.new_state} ${row.created_at}`,
	);
	const stateEvents = events
		.filter((event) => event.type === "surface.state_changed")
		.map((event) => `${event.subject_id} ${JSON.parse(event.after ?? "{}").state} ${event.occurred_at}`);
	expect(stateEvents.sort(), "one surface.state_changed per change of state in the audit log").toEqual(
		stateChanges.sort(),
	);

	const bySubject = new Map<string, number[]>();
	for (const event of events) {
		const key = `${event.subject_kind} ${event.subject_id}`;
		bySubject.set(key, [...(bySubject.get(key) ?? []), event.sequence ?? 0]);
	}
	for (const [subject, sequences] of bySubject) {
		expect(sequences, `${subject} numbered 1..n`).toEqual(sequences.map((_, index) => index + 1));
	}
	for (const event of events.filter((line) => line.subject_kind === "incident")) {
		if (event.sequence === 1)
			expect(event.type, `incident ${event.subject_id} starts created`).toBe("incident.created");
	}

	const subscribers = (subscribersResult?.results ?? []) as unknown as SubscriberLine[];
	const expected = events.flatMap((event) =>
		subscribers
			.filter((subscriber) => {
				const wants = (JSON.parse(subscriber.events) as string[]).includes(event.type ?? "");
				const surfaces = subscriber.surface_ids === null ? null : (JSON.parse(subscriber.surface_ids) as string[]);
				const concerns = (JSON.parse(event.surface_ids) as string[]).some(
					(id) => surfaces === null || surfaces.includes(id),
				);
				return subscriber.enabled === 1 && wants && concerns && subscriber.created_at <= event.occurred_at;
			})
			.map((subscriber) => `${event.id} ${subscriber.id}`),
	);
	const actual = (deliveriesResult?.results ?? []).map((row) => `${row.event_id} ${row.subscriber_id}`);
	expect(actual, "exactly one delivery per matching subscriber, none without its event").toEqual(expected.sort());
}
