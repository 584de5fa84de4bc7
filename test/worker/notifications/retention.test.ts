import { env } from "cloudflare:workers";
import { beforeEach, expect, it } from "vitest";
import { DELIVERY_LOG_DAYS } from "../../../src/domain/notifications/outbox";
import { pumpOutbox } from "../../../src/notify/pump";
import { clearTables } from "../support/tables";

// The delivery log is bounded: what ended more than DELIVERY_LOG_DAYS ago goes, in bounded steps,
// each run; a pending delivery and each subject's latest event stay.

beforeEach(clearTables);

const DAY = 86_400_000;

async function event(id: string, subject: string, sequence: number, at: number): Promise<void> {
	const iso = new Date(at).toISOString();
	await env.DB.prepare(
		`INSERT INTO notification_events (id, type, subject_kind, subject_id, sequence, surface_ids, occurred_at, fanned_out_at)
		VALUES (?, 'incident.updated', 'incident', ?, ?, '["login"]', ?, ?)`,
	)
		.bind(id, subject, sequence, iso, iso)
		.run();
}

async function delivery(
	id: string,
	eventId: string,
	status: string,
	at: number,
	subscriberId = "sub_x",
): Promise<void> {
	const iso = new Date(at).toISOString();
	await env.DB.prepare(
		`INSERT INTO notification_deliveries (id, event_id, subscriber_id, status, next_attempt_at, enqueued_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
	)
		.bind(
			id,
			eventId,
			subscriberId,
			status,
			status === "pending" ? new Date(Date.now() + DAY).toISOString() : null,
			iso,
			iso,
			iso,
		)
		.run();
}

it(`keeps ${DELIVERY_LOG_DAYS} days of deliveries that ended, and each subject's latest event`, async () => {
	const now = Date.now();
	const old = now - (DELIVERY_LOG_DAYS + 5) * DAY;
	await event("evt_1", "1", 1, old);
	await event("evt_2", "1", 2, old + 1_000);
	await event("evt_3", "1", 3, old + 2_000);
	await event("evt_4", "1", 4, now - DAY); // recent
	await event("evt_5", "2", 1, old); // its subject's latest: kept, old as it is
	await delivery("msg_a", "evt_1", "delivered", old);
	await delivery("msg_b", "evt_2", "failed", old);
	await delivery("msg_c", "evt_2", "pending", old, "sub_y"); // still to be sent: it and its event stay
	await delivery("msg_d", "evt_4", "delivered", now - DAY);

	const sent: unknown[] = [];
	const queue = { send: async () => {}, sendBatch: async (messages: unknown[]) => void sent.push(...messages) };
	await pumpOutbox({ ...env, NOTIFY_QUEUE: queue as unknown as Queue }, new Date(now));

	const events = await env.DB.prepare("SELECT id FROM notification_events ORDER BY id").all<{ id: string }>();
	expect(events.results.map((row) => row.id)).toEqual(["evt_2", "evt_4", "evt_5"]);
	const deliveries = await env.DB.prepare("SELECT id FROM notification_deliveries ORDER BY id").all<{ id: string }>();
	expect(deliveries.results.map((row) => row.id)).toEqual(["msg_c", "msg_d"]);
	expect(sent).toEqual([]);
});
