// Notifications under load: an incident write with 10,000 subscribers against the same write with
// none (the fan-out is off the request path), 10,000 deliveries to a receiver on 127.0.0.1, and one
// incident update fanned out to 10,000 email subscribers through Miniflare's Email Service.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { Log, LogLevel, type Miniflare } from "miniflare";
import { type BenchConfig, loopbackRuntime, statusWorker } from "./runtime.ts";
import { rounds, TOKEN } from "./settings.ts";

export const SUBSCRIBERS = 10_000;
const WRITES = Math.max(rounds, 3) * 10;
const FREESCOUT_SECRET = "bench-freescout-secret";

export interface NotificationsBench {
	subscribers: number;
	writes: number;
	/** Medians, in milliseconds. */
	writeWithoutSubscribersMs: number;
	writeWithSubscribersMs: number;
	/** The same, with the consumer delivering 10,000 POSTs on the same cores meanwhile. */
	writeWhileDeliveringMs: number;
	deliveries: number;
	deliverySeconds: number;
	/** One incident update to SUBSCRIBERS email subscribers: delivered, failed, and sends the binding saw. */
	emails: { delivered: number; failed: number; sends: number; seconds: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** A FreeScout relay event for ticket `ticket`, opened or closed, signed as the relay signs. */
function relayWrite(ticket: number, open: boolean, at: Date, note = "Deposits are delayed"): RequestInit {
	const body = JSON.stringify({
		event: "conversation.updated",
		event_id: `bench-${ticket}-${at.getTime()}-${open}`,
		ticket: {
			id: ticket,
			status: open ? "active" : "closed",
			updated_at: at.toISOString(),
			custom_fields: [
				{ slug: "component_tag", value: "deposits" },
				{ slug: "incident_severity", value: "partial" },
				{ slug: "public_status", value: note },
			],
		},
	});
	const signature = `sha256=${createHmac("sha256", FREESCOUT_SECRET).update(body).digest("hex")}`;
	return { method: "POST", headers: { "Content-Type": "application/json", "X-FreeScout-Signature": signature }, body };
}

let clock = Date.now() - 3_600_000;

/** Median latency of `count` incident writes (each opens or resolves an incident: an event every time). */
async function timeWrites(origin: string, count: number, ticketBase: number): Promise<number> {
	const latencies: number[] = [];
	for (let index = 0; index < count; index += 1) {
		clock += 1_000;
		const started = performance.now();
		const response = await fetch(
			`${origin}/api/internal/status/freescout-webhook`,
			relayWrite(ticketBase, index % 2 === 0, new Date(clock)),
		);
		await response.arrayBuffer();
		if (response.status !== 200) throw new Error(`freescout-webhook: ${response.status}`);
		latencies.push(performance.now() - started);
	}
	return median(latencies);
}

/** A receiver that answers 204 and counts. */
async function countingReceiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
	let received = 0;
	const server = createServer((request, response) => {
		request.resume();
		request.on("end", () => {
			received += 1;
			response.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const address = server.address();
	if (typeof address !== "object" || address === null) throw new Error("the receiver has no port");
	return {
		url: `http://127.0.0.1:${address.port}/hook`,
		count: () => received,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** The Worker as the notifications bench runs it: FreeScout's secret, loopback receivers allowed. */
const notifyingWorker = (config: BenchConfig, withConsumer: boolean) =>
	statusWorker(
		config,
		"status",
		{
			FREESCOUT_WEBHOOK_SECRET: FREESCOUT_SECRET,
			NOTIFICATIONS_ALLOW_LOOPBACK: "true",
			SUBSCRIPTION_LINK_KEY: "bench-subscription-link-key",
		},
		{ consumer: withConsumer },
	);

/** Miniflare's log, counting the messages its simulated send_email binding reports sending. */
class SentEmailCount extends Log {
	sent = 0;
	constructor() {
		super(LogLevel.WARN);
	}
	override logWithLevel(level: LogLevel, message: string): void {
		if (message.includes("send_email binding called")) this.sent += 1;
		else super.logWithLevel(level, message);
	}
}

type Database = Awaited<ReturnType<Miniflare["getD1Database"]>>;

const subscribersSql = (
	url: string,
) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${SUBSCRIBERS})
	INSERT INTO notification_subscribers (id, kind, name, url, events, surface_ids, enabled, secret, consecutive_failures, created_at, updated_at)
	SELECT 'sub_bench_' || i, 'webhook', 'bench ' || i, '${url}',
		'["incident.created","incident.updated","incident.resolved"]', NULL, 1,
		'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 0, '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z' FROM n`;

const emailSubscribersSql = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${SUBSCRIBERS})
	INSERT INTO notification_subscribers (id, kind, name, url, events, surface_ids, enabled, secret, consecutive_failures,
		origin, manage_token_hash, created_at, updated_at)
	SELECT 'sub_mail_' || i, 'email', 'bench email ' || i, 'mailto:reader' || i || '@example.com',
		'["incident.created","incident.updated","incident.resolved"]', NULL, 1, NULL, 0,
		'self_service', lower(hex(randomblob(32))), '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z' FROM n`;

async function deliveryCounts(db: Database): Promise<Record<"pending" | "delivered" | "failed", number>> {
	const { results } = await db
		.prepare("SELECT status, count(*) AS n FROM notification_deliveries GROUP BY status")
		.all<{ status: "pending" | "delivered" | "failed"; n: number }>();
	const counts = { pending: 0, delivered: 0, failed: 0 };
	for (const row of results) counts[row.status] = row.n;
	return counts;
}

/**
 * One update of an open incident (ticket `ticket`) fanned out to SUBSCRIBERS email subscribers,
 * through the queue and the simulated Email Service: until every delivery ended, and the binding
 * reported each send (its log line comes after the send, so the count is awaited too).
 */
async function measureEmailFanOut(config: BenchConfig, ticket: number): Promise<NotificationsBench["emails"]> {
	const log = new SentEmailCount();
	const runtime = loopbackRuntime([notifyingWorker(config, true)], log);
	try {
		await runtime.ready;
		const origin = (await runtime.unsafeGetDirectURL("status")).href.replace(/\/$/, "");
		const db = await runtime.getD1Database("DB", "status");
		await db.prepare("DELETE FROM notification_subscribers").run();
		await db.prepare("DELETE FROM notification_deliveries").run();
		await db.prepare(emailSubscribersSql).run();
		clock += 1_000;
		const started = performance.now();
		const response = await fetch(
			`${origin}/api/internal/status/freescout-webhook`,
			relayWrite(ticket, true, new Date(clock), "Deposits are delayed: a bank's API answers slowly"),
		);
		await response.arrayBuffer();
		if (response.status !== 200) throw new Error(`freescout-webhook: ${response.status}`);
		const deadline = started + 15 * 60_000;
		for (;;) {
			const counts = await deliveryCounts(db);
			const ended = counts.delivered + counts.failed;
			if (ended >= SUBSCRIBERS && counts.pending === 0 && log.sent >= counts.delivered) {
				const seconds = (performance.now() - started) / 1000;
				console.log(`bench: ${counts.delivered} emails in ${seconds.toFixed(1)} s (${counts.failed} failed)`);
				// Anything sent twice would show as more sends than deliveries; wait a moment for late log lines.
				await new Promise((resolve) => setTimeout(resolve, 2_000));
				return { delivered: counts.delivered, failed: counts.failed, sends: log.sent, seconds };
			}
			if (performance.now() > deadline) throw new Error(`only ${ended} email deliveries ended in 15 minutes`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	} finally {
		await runtime.dispose();
	}
}

async function pending(db: Database): Promise<number> {
	const row = await db
		.prepare("SELECT count(*) AS n FROM notification_deliveries WHERE status = 'pending'")
		.first<{ n: number }>();
	return row?.n ?? 0;
}

export async function measureNotifications(config: BenchConfig): Promise<NotificationsBench> {
	const receiver = await countingReceiver();
	try {
		// The request path alone: no consumer runs, so the writes do not share the cores with POSTs.
		const writer = loopbackRuntime([notifyingWorker(config, false)]);
		let without: number;
		let withSubscribers: number;
		try {
			await writer.ready;
			const origin = (await writer.unsafeGetDirectURL("status")).href.replace(/\/$/, "");
			const db = await writer.getD1Database("DB", "status");
			await fetch(`${origin}/api/internal/status/seed-surfaces`, {
				method: "POST",
				headers: { "X-Internal-Status-Token": TOKEN },
			});
			await db.prepare("DELETE FROM notification_subscribers").run();
			await timeWrites(origin, 4, 900_001); // warm
			without = await timeWrites(origin, WRITES, 900_002);
			await db.prepare(subscribersSql(receiver.url)).run();
			withSubscribers = await timeWrites(origin, WRITES, 900_003);
			console.log(
				`bench: incident write, no subscribers ${without.toFixed(1)} ms, ${SUBSCRIBERS} subscribers ${withSubscribers.toFixed(1)} ms`,
			);
			await db.prepare("DELETE FROM notification_events").run();
			await db.prepare("DELETE FROM notification_deliveries").run();
		} finally {
			await writer.dispose();
		}

		// Delivery: one incident for 10,000 subscribers, through the queue to the receiver.
		const runtime = loopbackRuntime([notifyingWorker(config, true)]);
		let delivered: Omit<NotificationsBench, "emails">;
		try {
			await runtime.ready;
			const origin = (await runtime.unsafeGetDirectURL("status")).href.replace(/\/$/, "");
			const db = await runtime.getD1Database("DB", "status");
			const started = performance.now();
			const whileDelivering = timeWrites(origin, 1, 900_004);
			await whileDelivering;
			const duringLatencies: number[] = [];
			const deadline = started + 15 * 60_000;
			while (receiver.count() < SUBSCRIBERS || (await pending(db)) > 0) {
				if (performance.now() > deadline) throw new Error(`only ${receiver.count()} deliveries in 15 minutes`);
				if (duringLatencies.length < WRITES) {
					clock += 1_000;
					const writeStarted = performance.now();
					// A write that changes nothing subscribers hear about: the request path beside the deliveries.
					const response = await fetch(`${origin}/api/internal/status/update-surface`, {
						method: "POST",
						headers: { "Content-Type": "application/json", "X-Internal-Status-Token": TOKEN },
						body: JSON.stringify({
							surface_id: "charts",
							state: duringLatencies.length % 2 ? "DEGRADED" : "OPERATIONAL",
							state_source: "manual",
							actor: "bench",
							notify: false,
						}),
					});
					await response.arrayBuffer();
					duringLatencies.push(performance.now() - writeStarted);
				} else {
					await new Promise((resolve) => setTimeout(resolve, 200));
				}
			}
			const deliverySeconds = (performance.now() - started) / 1000;
			console.log(`bench: ${receiver.count()} deliveries in ${deliverySeconds.toFixed(1)} s`);
			delivered = {
				subscribers: SUBSCRIBERS,
				writes: WRITES,
				writeWithoutSubscribersMs: without,
				writeWithSubscribersMs: withSubscribers,
				writeWhileDeliveringMs: median(duringLatencies),
				deliveries: receiver.count(),
				deliverySeconds,
			};
		} finally {
			await runtime.dispose();
		}
		// Ticket 900_004's incident is open: its next update goes to the email subscribers alone.
		return { ...delivered, emails: await measureEmailFanOut(config, 900_004) };
	} finally {
		await receiver.close();
	}
}

export function notificationsReport(result: NotificationsBench): string {
	const ratio = result.writeWithSubscribersMs / result.writeWithoutSubscribersMs;
	return [
		"### Notifications",
		"",
		`| measure | value |`,
		`|---|---:|`,
		`| incident write, no subscribers (median of ${result.writes}) | ${result.writeWithoutSubscribersMs.toFixed(1)} ms |`,
		`| incident write, ${result.subscribers.toLocaleString("en-US")} subscribers | ${result.writeWithSubscribersMs.toFixed(1)} ms (${ratio.toFixed(2)}x; goal <= 1.2x) |`,
		`| a write while the deliveries run on the same cores | ${result.writeWhileDeliveringMs.toFixed(1)} ms |`,
		`| ${result.deliveries.toLocaleString("en-US")} deliveries to a receiver on 127.0.0.1 | ${result.deliverySeconds.toFixed(1)} s, ${(result.deliveries / result.deliverySeconds).toFixed(0)} deliveries/s |`,
		`| one incident update to ${result.subscribers.toLocaleString("en-US")} email subscribers (simulated Email Service) | ${result.emails.seconds.toFixed(1)} s, ${(result.emails.delivered / result.emails.seconds).toFixed(0)} messages/s; ${result.emails.delivered} delivered, ${result.emails.failed} failed, ${result.emails.sends} sends |`,
	].join("\n");
}
