import { env } from "cloudflare:workers";
import { CURRENT_TOKEN, call } from "../support/http";

// Calling the operators' subscriber routes, and the rows their tests start from.

/** Every answer body a test got, to check afterwards that no URL path or secret leaked into one. */
export const answers: { label: string; body: string }[] = [];

export async function api(
	method: string,
	path: string,
	body?: unknown,
): Promise<{ status: number; body: string; json: <T = Record<string, unknown>>() => T; response: Response }> {
	const headers: Record<string, string> = { "X-Internal-Status-Token": CURRENT_TOKEN };
	if (body !== undefined) headers["Content-Type"] = "application/json";
	const response = await call(path, {
		method,
		headers,
		...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
	});
	const text = await response.text();
	answers.push({ label: `${method} ${path}`, body: text });
	const copy = new Response(text, { status: response.status, headers: response.headers });
	return { status: response.status, body: text, json: <T>() => JSON.parse(text) as T, response: copy };
}

export const URLS = {
	webhook: "https://hooks.partner-receiver.io/status/inbox?key=webhook-path-token",
	statuspage: "https://status-mirror.partner-receiver.io/statuspage-path-token",
	slack: "https://hooks.slack.com/services/T0SLACK01/B0SLACK02/slackpathtoken123",
	discord: "https://discord.com/api/webhooks/123456789/discord-path-token_X",
	teams: "https://prod-01.westus.logic.azure.com/workflows/abc123teams/triggers/manual/paths/invoke?sig=teamspathtoken",
} as const;

/** What of each URL must never be answered: its path and query. */
export const URL_SECRETS = Object.values(URLS).map((url) => {
	const parsed = new URL(url);
	return `${parsed.pathname}${parsed.search}`;
});

export const eventIdOf = (deliveryId: string) => `evt_${deliveryId.replace(/^msg_/, "")}`;

/** An event already fanned out (so no pump takes it up again), about a surface. */
export async function insertEvent(id: string, occurredAt: string): Promise<void> {
	await env.DB.prepare(
		`INSERT INTO notification_events (id, type, subject_kind, subject_id, sequence, surface_ids, before, after, occurred_at, fanned_out_at)
		VALUES (?, 'surface.state_changed', 'surface', 'charts',
			(SELECT coalesce(max(sequence), 0) + 1 FROM notification_events WHERE subject_kind = 'surface'), '["charts"]',
			'{"state":"OPERATIONAL","public_note":null,"state_since":"2026-12-01T00:00:00.000Z"}',
			'{"state":"DEGRADED","public_note":"Charts load slowly","state_since":"2026-12-01T10:00:00.000Z"}', ?, ?)`,
	)
		.bind(id, occurredAt, occurredAt)
		.run();
}

/**
 * A delivery row as the consumer leaves it, of an event of its own (evt_ and its id's rest). Never pending with no queue message: the pump that a
 * successful write asks for would take it up meanwhile.
 */
export async function insertDelivery(row: {
	id: string;
	subscriberId: string;
	status: "pending" | "delivered" | "failed";
	createdAt: string;
	attempts?: number;
}): Promise<void> {
	const eventId = eventIdOf(row.id);
	await insertEvent(eventId, row.createdAt);
	await env.DB.prepare(
		`INSERT INTO notification_deliveries (id, event_id, subscriber_id, status, attempts, last_status_code, last_error,
			next_attempt_at, enqueued_at, delivered_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	)
		.bind(
			row.id,
			eventId,
			row.subscriberId,
			row.status,
			row.attempts ?? 1,
			row.status === "delivered" ? 200 : 500,
			row.status === "delivered" ? null : "the receiver answered 500",
			row.status === "pending" ? "2099-01-01T00:00:00.000Z" : null,
			row.status === "pending" ? row.createdAt : null,
			row.status === "delivered" ? row.createdAt : null,
			row.createdAt,
			row.createdAt,
		)
		.run();
}

/** Waits until `check` holds, for a few seconds at most (the queue's consumer runs on its own). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const value = await read();
		if (check(value)) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export async function auditRows(): Promise<
	{ subscriber_id: string; actor: string; action: string; detail: string | null }[]
> {
	const { results } = await env.DB.prepare(
		"SELECT subscriber_id, actor, action, detail FROM notification_audit_log ORDER BY id",
	).all<{ subscriber_id: string; actor: string; action: string; detail: string | null }>();
	return results;
}
