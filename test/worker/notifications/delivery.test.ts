import { createExecutionContext, createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fanOutEvents } from "../../../src/db/notifications/deliveries";
import { DEFAULT_EVENT_TYPES } from "../../../src/domain/notifications/event";
import { MAX_QUEUE_DELAY_SECONDS } from "../../../src/domain/notifications/retry-schedule";
import { consumeDeadLetters } from "../../../src/notify/consumer";
import { pumpOutbox } from "../../../src/notify/pump";
import { LOST_MESSAGE_MS } from "../../../src/notify/settings";
import { seedSurfaces } from "../../../src/verbs/seed-surfaces";
import { transitionSurface } from "../../../src/verbs/transition-surface";
import { relayBody, sendRelay } from "../support/freescout";
import { clearTables } from "../support/tables";
import { consumeDelivery, deliveries, insertSubscriber, receivedAt, receiver } from "./support";

// Delivery: each event reaches exactly its subscribers, signed, once; failures are retried on
// Standard Webhooks' schedule, dead URLs disable their subscriber, and nothing ends silently.

beforeEach(async () => {
	await clearTables();
	await seedSurfaces(env.DB, "test", new Date());
});

const STATE_CHANGES = ["surface.state_changed"] as const;

/** A surface change committed by the verb alone (no request: nothing asks for a fan-out), fanned out. */
async function surfaceChange(state: "DOWN" | "OPERATIONAL" | "DEGRADED", now = new Date()) {
	await transitionSurface(
		env.DB,
		{ surfaceId: "charts", state, source: "manual", actor: "ops", publicNote: null, maintenanceUntil: null },
		now,
	);
	await fanOutEvents(env.DB, now.toISOString());
}

const ok = { status: 200, body: "ok" };

describe("through the real queue", () => {
	it("an incident reaches exactly the subscribers that asked for it, signed so that a Standard Webhooks receiver verifies it", async () => {
		const everything = await receiver([ok]);
		const chartsOnly = await receiver([ok]);
		const flaps = await receiver([ok]);
		const disabled = await receiver([ok]);
		const all = await insertSubscriber({ url: everything });
		await insertSubscriber({ url: chartsOnly, surfaceIds: ["charts"] });
		await insertSubscriber({ url: flaps, kind: "slack", events: STATE_CHANGES });
		await insertSubscriber({ url: disabled, enabled: false });

		const body = relayBody("conversation.created", {
			id: 501,
			status: "open",
			updated_at: new Date(Date.now() - 60_000).toISOString(),
			component: "login",
			severity: "down",
			note: "Logins fail",
		});
		expect((await sendRelay(body)).status).toBeLessThan(300);

		await vi.waitUntil(
			async () =>
				(await deliveries()).every((line) => line.status === "delivered") && (await deliveries()).length === 2,
			{
				timeout: 15_000,
				interval: 100,
			},
		);
		const [delivered] = await receivedAt(everything);
		expect(delivered).toBeDefined();
		if (!delivered || !all.secret) throw new Error("no delivery");
		const verified = new Webhook(all.secret).verify(delivered.body, delivered.headers) as {
			type: string;
			data: { incident: { title: string } };
		};
		expect(verified.type).toBe("incident.created");
		expect((await receivedAt(flaps)).map((request) => JSON.parse(request.body).text)).toHaveLength(1);
		expect(await receivedAt(chartsOnly)).toEqual([]);
		expect(await receivedAt(disabled)).toEqual([]);
		// Each delivery's webhook-id is its own row's id, never reused.
		expect(delivered.headers["webhook-id"]).toBe(
			(await deliveries()).find((line) => line.subscriber_id === all.id)?.id,
		);
	});

	it("a send() that throws leaves the delivery to the cron, which sends it once when it is found lost", async () => {
		const url = await receiver([ok]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		const now = new Date();
		await transitionSurface(
			env.DB,
			{ surfaceId: "charts", state: "DOWN", source: "manual", actor: "ops", publicNote: null, maintenanceUntil: null },
			now,
		);
		const failingQueue = {
			send: () => Promise.reject(new Error("Queue is overloaded. Please back off.")),
			sendBatch: () => Promise.reject(new Error("Queue is overloaded. Please back off.")),
		} as unknown as Queue;
		await expect(pumpOutbox({ ...env, NOTIFY_QUEUE: failingQueue }, now)).rejects.toThrow(/overloaded/);
		expect((await deliveries()).map((line) => line.status)).toEqual(["pending"]);

		// Before it counts as lost, a pump leaves it alone; after, it sends it again (the real queue).
		expect((await pumpOutbox(env, new Date(now.getTime() + LOST_MESSAGE_MS / 2))).deliveriesEnqueued).toBe(0);
		expect((await pumpOutbox(env, new Date(now.getTime() + LOST_MESSAGE_MS + 1_000))).deliveriesEnqueued).toBe(1);
		await vi.waitUntil(async () => (await deliveries())[0]?.status === "delivered", { timeout: 15_000, interval: 100 });
		expect(await pumpOutbox(env, new Date(now.getTime() + 3 * LOST_MESSAGE_MS))).toEqual({
			eventsFannedOut: 0,
			deliveriesEnqueued: 0,
			requestsExpired: 0,
		});
		expect(await receivedAt(url)).toHaveLength(1);
	});
});

describe("one attempt at a time, by the consumer", () => {
	it("a message redelivered after a 2xx sends no second POST", async () => {
		const url = await receiver([ok]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		expect((await consumeDelivery(delivery.id)).explicitAcks).toHaveLength(1);
		const again = await consumeDelivery(delivery.id, {}, 2);
		expect(again.explicitAcks).toHaveLength(1);
		expect(again.retryMessages).toEqual([]);
		expect(await receivedAt(url)).toHaveLength(1);
		expect((await deliveries())[0]).toMatchObject({ status: "delivered", attempts: 1, last_status_code: 200 });
	});

	it("a 500 then a 200: delivered once, with the same webhook-id, a newer timestamp, after the schedule's first delay", async () => {
		const url = await receiver([{ status: 500, body: "boom" }, ok]);
		const { secret } = await insertSubscriber({ url, events: STATE_CHANGES });
		const start = new Date();
		await surfaceChange("DOWN", start);
		const [delivery] = await deliveries();
		if (!delivery || !secret) throw new Error("no delivery");

		const first = await consumeDelivery(delivery.id, { now: () => start, random: () => 0.5 });
		// The schedule's first delay, 5 s, made longer by up to 10 % (half of that here).
		expect(first.retryMessages).toHaveLength(1);
		expect(first.retryDelays).toEqual([Math.round(5 * 1.05)]);
		expect((await deliveries())[0]).toMatchObject({ status: "pending", attempts: 1, last_status_code: 500 });

		// Early: the message waits again for the rest of the delay, and nothing is posted.
		const early = await consumeDelivery(delivery.id, { now: () => new Date(start.getTime() + 2_000) });
		expect(early.retryDelays[0]).toBeGreaterThanOrEqual(1);
		expect(early.retryDelays[0]).toBeLessThanOrEqual(4);
		expect(await receivedAt(url)).toHaveLength(1);

		const later = new Date(start.getTime() + 10_000);
		expect((await consumeDelivery(delivery.id, { now: () => later })).explicitAcks).toHaveLength(1);
		const [failed, succeeded] = await receivedAt(url);
		if (!failed || !succeeded) throw new Error("expected two attempts");
		expect(succeeded.headers["webhook-id"]).toBe(failed.headers["webhook-id"]);
		expect(Number(succeeded.headers["webhook-timestamp"])).toBeGreaterThan(Number(failed.headers["webhook-timestamp"]));
		// Signed at each attempt: each verifies at its own time.
		const verifyAt = (request: typeof failed) => {
			vi.useFakeTimers({ toFake: ["Date"] });
			vi.setSystemTime(Number(request.headers["webhook-timestamp"]) * 1000);
			try {
				return new Webhook(secret).verify(request.body, request.headers);
			} finally {
				vi.useRealTimers();
			}
		};
		expect(verifyAt(failed)).toEqual(verifyAt(succeeded));
		expect((await deliveries())[0]).toMatchObject({ status: "delivered", attempts: 2 });
	});

	it("honours Retry-After: 120 s asked, at least 120 s waited", async () => {
		const url = await receiver([{ status: 429, body: "slow down", headers: { "Retry-After": "120" } }]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		const now = new Date();
		await surfaceChange("DOWN", now);
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		const result = await consumeDelivery(delivery.id, { now: () => now, random: () => 0 });
		expect(result.retryDelays).toEqual([120]);
		expect(Date.parse((await deliveries())[0]?.next_attempt_at ?? "") - now.getTime()).toBe(120_000);
	});

	it("never asks Queues for a delay over 12 hours: a longer wait is made of hops", async () => {
		const url = await receiver([{ status: 429, body: "slow down", contentType: "text/plain" }]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		const now = new Date();
		await surfaceChange("DOWN", now);
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		// The eighth attempt's failure: the schedule's next wait is 20 hours.
		await env.DB.prepare("UPDATE notification_deliveries SET attempts = 7 WHERE id = ?").bind(delivery.id).run();
		const result = await consumeDelivery(delivery.id, { now: () => now, random: () => 0 });
		expect(result.retryDelays).toEqual([MAX_QUEUE_DELAY_SECONDS]);
		const next = Date.parse((await deliveries())[0]?.next_attempt_at ?? "");
		expect(next - now.getTime()).toBe(20 * 3600 * 1000);
		// The hop that arrives after 12 hours waits the remaining 8.
		const hop = await consumeDelivery(delivery.id, {
			now: () => new Date(now.getTime() + MAX_QUEUE_DELAY_SECONDS * 1000),
		});
		expect(hop.retryDelays).toEqual([8 * 3600]);
		expect(await receivedAt(url)).toHaveLength(1);
	});

	it("410 disables the subscriber, says why in the audit log, and the delivery ends failed", async () => {
		const url = await receiver([{ status: 410, body: "gone" }]);
		const { id } = await insertSubscriber({ url, events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		expect((await consumeDelivery(delivery.id)).retryMessages).toEqual([]);
		expect((await deliveries())[0]).toMatchObject({ status: "failed", last_status_code: 410 });
		const subscriber = await env.DB.prepare(
			"SELECT enabled, disabled_reason FROM notification_subscribers WHERE id = ?",
		)
			.bind(id)
			.first();
		expect(subscriber).toEqual({ enabled: 0, disabled_reason: "the receiver answered 410 Gone" });
		const audit = await env.DB.prepare("SELECT action, detail FROM notification_audit_log WHERE subscriber_id = ?")
			.bind(id)
			.all();
		expect(audit.results).toEqual([{ action: "disabled", detail: "the receiver answered 410 Gone" }]);
		// A disabled subscriber's next event is not delivered to it at all.
		await surfaceChange("OPERATIONAL");
		expect(await deliveries()).toHaveLength(1);
	});

	it("a 2xx whose body is slow is delivered at its status line: no timeout, no second POST", async () => {
		const url = await receiver([{ status: 200, body: "ok, eventually", bodyDelayMs: 2_000 }]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		const result = await consumeDelivery(delivery.id, { timeoutMs: 500 });
		expect(result.retryDelays).toEqual([]);
		expect((await deliveries())[0]).toMatchObject({ status: "delivered", attempts: 1, last_status_code: 200 });
		expect(await receivedAt(url)).toHaveLength(1);
	});

	it("a receiver that does not answer in time is tried again, and the deadline is what the delivery says", async () => {
		const url = await receiver([{ status: 200, body: "late", delayMs: 2_000 }]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		const result = await consumeDelivery(delivery.id, { timeoutMs: 300, random: () => 0 });
		expect(result.retryDelays).toEqual([5]);
		expect((await deliveries())[0]).toMatchObject({
			status: "pending",
			attempts: 1,
			last_status_code: null,
			last_error: "timed out after 300 ms",
		});
	});

	it("the prober's and the poller's changes reach only the subscribers that asked for state changes", async () => {
		const lifecycle = await receiver([ok]);
		const changes = await receiver([ok]);
		const everything = await insertSubscriber({ url: lifecycle, events: DEFAULT_EVENT_TYPES });
		const optedIn = await insertSubscriber({ url: changes, events: STATE_CHANGES });
		const now = new Date();
		for (const [surfaceId, source] of [
			["app-raxx-app", "prober"],
			["plaid", "3p_poller"],
		] as const) {
			await transitionSurface(
				env.DB,
				{ surfaceId, state: "DOWN", source, actor: source, publicNote: null, maintenanceUntil: null },
				now,
			);
		}
		await fanOutEvents(env.DB, now.toISOString());
		const lines = await deliveries();
		expect(lines.filter((line) => line.subscriber_id === everything.id)).toEqual([]);
		expect(lines.filter((line) => line.subscriber_id === optedIn.id)).toHaveLength(2);
	});

	it("a URL the deployment does not allow (loopback, where it is off) is never posted to: the delivery fails, saying why", async () => {
		const url = await receiver([ok]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		await consumeDelivery(delivery.id, {}, 1, { ...env, NOTIFICATIONS_ALLOW_LOOPBACK: "false" });
		expect((await deliveries())[0]).toMatchObject({ status: "failed", attempts: 0 });
		expect((await deliveries())[0]?.last_error).toBe("its URL is not allowed here: it must be https");
		expect(await receivedAt(url)).toEqual([]);
	});

	it("a 302 is not followed: the delivery fails and the Location is never requested", async () => {
		const elsewhere = await receiver([ok]);
		const url = await receiver([{ status: 302, location: elsewhere, body: "" }]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		await consumeDelivery(delivery.id);
		expect((await deliveries())[0]).toMatchObject({ status: "failed", last_status_code: 302 });
		expect(await receivedAt(elsewhere)).toEqual([]);
	});

	it("the tenth attempt's failure ends the delivery failed; ten failed deliveries in a row disable the subscriber", async () => {
		const url = await receiver([{ status: 503, body: "down" }]);
		const { id } = await insertSubscriber({ url, events: STATE_CHANGES, consecutiveFailures: 9 });
		await surfaceChange("DOWN");
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		await env.DB.prepare("UPDATE notification_deliveries SET attempts = 9 WHERE id = ?").bind(delivery.id).run();
		expect((await consumeDelivery(delivery.id)).retryMessages).toEqual([]);
		expect((await deliveries())[0]).toMatchObject({ status: "failed", attempts: 10 });
		expect((await deliveries())[0]?.last_error).toMatch(/no attempts left/);
		const subscriber = await env.DB.prepare(
			"SELECT enabled, disabled_reason FROM notification_subscribers WHERE id = ?",
		)
			.bind(id)
			.first();
		expect(subscriber).toEqual({ enabled: 0, disabled_reason: "10 deliveries in a row failed" });
	});

	it("during a rotation both secrets sign; after its 24 hours only the new one", async () => {
		const url = await receiver([ok]);
		const previous = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
		const now = new Date();
		const { secret } = await insertSubscriber({
			url,
			events: STATE_CHANGES,
			previousSecret: previous,
			previousSecretUntil: new Date(now.getTime() + 3_600_000).toISOString(),
		});
		await surfaceChange("DOWN", now);
		await surfaceChange("OPERATIONAL", new Date(now.getTime() + 1_000));
		const [first, second] = await deliveries();
		if (!first || !second || !secret) throw new Error("no deliveries");
		await consumeDelivery(first.id, { now: () => now });
		await consumeDelivery(second.id, { now: () => new Date(now.getTime() + 2 * 3_600_000) });
		const [during, after] = await receivedAt(url);
		if (!during || !after) throw new Error("expected two requests");
		expect(during.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
		expect(after.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
		vi.useFakeTimers({ toFake: ["Date"] });
		try {
			vi.setSystemTime(now);
			expect(() => new Webhook(secret).verify(during.body, during.headers)).not.toThrow();
			expect(() => new Webhook(previous).verify(during.body, during.headers)).not.toThrow();
			vi.setSystemTime(now.getTime() + 2 * 3_600_000);
			expect(() => new Webhook(previous).verify(after.body, after.headers)).toThrow();
		} finally {
			vi.useRealTimers();
		}
	});

	it("the dead-letter consumer marks what reaches it failed", async () => {
		const url = await receiver([ok]);
		await insertSubscriber({ url, events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const [delivery] = await deliveries();
		if (!delivery) throw new Error("no delivery");
		const batch = createMessageBatch("status-notify-dlq", [
			{ id: "m1", timestamp: new Date(), attempts: 31, body: { kind: "deliver", delivery: delivery.id } },
		]);
		createExecutionContext();
		await consumeDeadLetters(batch, env);
		expect((await deliveries())[0]).toMatchObject({ status: "failed" });
		expect((await deliveries())[0]?.last_error).toMatch(/dead-lettered/);
		expect(await receivedAt(url)).toEqual([]);
	});
});
