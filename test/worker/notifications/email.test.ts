import { createExecutionContext, createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fanOutEvents } from "../../../src/db/notifications/deliveries";
import { EVENT_TYPES, type EventType } from "../../../src/domain/notifications/event";
import { randomId } from "../../../src/lib/random-id";
import { manageToken, sha256Hex } from "../../../src/lib/subscription-tokens";
import { consumeDeadLetters } from "../../../src/notify/consumer";
import { addressOf, outcomeOfSendError } from "../../../src/notify/email";
import { notifiedPage } from "../../../src/notify/settings";
import { INTERNAL_PATHS } from "../../../src/paths";
import { surfaceName } from "../../../src/surfaces/registry";
import { seedSurfaces } from "../../../src/verbs/seed-surfaces";
import { transitionSurface } from "../../../src/verbs/transition-surface";
import { relayBody, sendRelay } from "../support/freescout";
import { updateSurface } from "../support/http";
import { down, healthyUrls, jobEnv, runCycle, scriptedUrl, up } from "../support/jobs";
import { clearTables } from "../support/tables";
import { api } from "./api-support";
import { consumeDelivery, deliveries, insertSubscriber, receivedAt, receiver } from "./support";

// Self-service email subscribers are told through Email Service by the notifications consumer, with
// the webhooks' rules: one message per delivery whatever the queue redelivers, transient failures
// retried on the schedule, a refused address disabled, and nothing mailed about a change that did
// not happen. Email Service is observed by wrapping the binding (the local simulation underneath).

const simulated = env.EMAIL;

beforeEach(async () => {
	await clearTables();
	await seedSurfaces(env.DB, "test", new Date());
});

afterEach(() => {
	Object.defineProperty(env, "EMAIL", { value: simulated, configurable: true, writable: true });
	vi.restoreAllMocks();
});

interface EmailSubscriberInput {
	address: string;
	surfaceIds?: readonly string[];
	events?: readonly EventType[];
	consecutiveFailures?: number;
}

/** A confirmed self-service email subscriber, as the confirmation writes it: all events unless told. */
async function insertEmailSubscriber(input: EmailSubscriberInput): Promise<{ id: string; token: string }> {
	const id = randomId("sub_");
	const token = await manageToken(env.SUBSCRIPTION_LINK_KEY, id);
	await env.DB.prepare(
		`INSERT INTO notification_subscribers (id, kind, name, url, events, surface_ids, enabled, secret,
			consecutive_failures, origin, manage_token_hash, created_at, updated_at)
		VALUES (?, 'email', 'self-service email', ?, ?, ?, 1, NULL, ?, 'self_service', ?,
			'2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.000Z')`,
	)
		.bind(
			id,
			`mailto:${input.address}`,
			JSON.stringify(input.events ?? EVENT_TYPES),
			input.surfaceIds ? JSON.stringify(input.surfaceIds) : null,
			input.consecutiveFailures ?? 0,
			await sha256Hex(token),
		)
		.run();
	return { id, token };
}

type Sent = EmailMessageBuilder & { headers: Record<string, string>; text: string; html: string };

/** env.EMAIL as a recorder: each message kept, then handed to `answer` (the simulated binding unless told). */
function recorder(answer: (message: EmailMessageBuilder) => Promise<EmailSendResult> = (m) => simulated.send(m)) {
	const sent: Sent[] = [];
	const binding = {
		send: (message: EmailMessageBuilder) => {
			sent.push(message as Sent);
			return answer(message);
		},
	} as SendEmail;
	return { sent, binding, env: { ...env, EMAIL: binding } };
}

/** An error as Email Service throws it: a message (which may quote the address) and a code. */
const serviceError = (code: string, message: string) => Object.assign(new Error(message), { code });

const STATE_CHANGES = ["surface.state_changed"] as const;

/** A surface change committed by the verb alone (no request: nothing asks the real queue for a fan-out), fanned out. */
async function surfaceChange(state: "DOWN" | "OPERATIONAL" | "DEGRADED", now = new Date()) {
	await transitionSurface(
		env.DB,
		{ surfaceId: "charts", state, source: "manual", actor: "ops", publicNote: null, maintenanceUntil: null },
		now,
	);
	await fanOutEvents(env.DB, now.toISOString());
}

async function onlyDelivery() {
	const [delivery, ...others] = await deliveries();
	if (!delivery || others.length > 0) throw new Error("expected exactly one delivery");
	return delivery;
}

const subscriberRow = (id: string) =>
	env.DB.prepare("SELECT enabled, disabled_reason, consecutive_failures FROM notification_subscribers WHERE id = ?")
		.bind(id)
		.first<{ enabled: number; disabled_reason: string | null; consecutive_failures: number }>();

describe("through the real queue and the simulated Email Service", () => {
	it("an incident opened through the FreeScout webhook: one email to each subscriber of its surface, saying so, with its own links", async () => {
		const { sent, binding } = recorder();
		Object.defineProperty(env, "EMAIL", { value: binding, configurable: true, writable: true });
		const everything = await insertEmailSubscriber({ address: "everything@example.com" });
		const loginOnly = await insertEmailSubscriber({ address: "login@example.com", surfaceIds: ["login"] });
		const chartsOnly = await insertEmailSubscriber({ address: "charts@example.com", surfaceIds: ["charts"] });

		const body = relayBody("conversation.created", {
			id: 601,
			status: "open",
			updated_at: new Date(Date.now() - 60_000).toISOString(),
			component: "login",
			severity: "down",
			note: "Logins fail <for some> & we are on it",
		});
		expect((await sendRelay(body)).status).toBeLessThan(300);
		// The incident, and the state change it made: each told once to each subscriber of the surface.
		await vi.waitUntil(
			async () => {
				const lines = await deliveries();
				return lines.length === 4 && lines.every((line) => line.status === "delivered");
			},
			{ timeout: 20_000, interval: 100 },
		);
		const lines = await deliveries();
		expect(lines.filter((line) => line.subscriber_id === chartsOnly.id)).toEqual([]);
		expect(lines.every((line) => line.attempts === 1)).toBe(true);

		const incidentMail = sent.filter((message) => message.subject.startsWith("[Investigating]"));
		expect(incidentMail.map((message) => message.to).sort()).toEqual(["everything@example.com", "login@example.com"]);
		expect(sent).toHaveLength(4);
		for (const [subscriber, address] of [
			[everything, "everything@example.com"],
			[loginOnly, "login@example.com"],
		] as const) {
			const message = incidentMail.find((each) => each.to === address);
			if (!message) throw new Error(`no email to ${address}`);
			expect(message.subject).toBe("[Investigating] Login and sign-up: major outage");
			expect(message.from).toEqual({ name: notifiedPage(env).name, email: env.NOTIFY_EMAIL_FROM });
			const unsubscribe = `${env.STATUS_PUBLIC_ORIGIN}/subscriptions/unsubscribe/${subscriber.token}`;
			expect(message.headers).toEqual({
				"List-Unsubscribe": `<${unsubscribe}>`,
				"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			});
			expect(message.text).toContain("Logins fail <for some> & we are on it");
			expect(message.text).toContain("- Login and sign-up (major outage)");
			expect(message.text).toContain(
				`Manage your subscription: ${env.STATUS_PUBLIC_ORIGIN}/subscriptions/manage/${subscriber.token}`,
			);
			expect(message.text).toContain(`Unsubscribe: ${unsubscribe}`);
			expect(message.html).toContain("Logins fail &lt;for some&gt; &amp; we are on it");
			expect(message.html).toContain(`href="${unsubscribe}"`);
		}
		// The state change the incident made: its own message, saying the state.
		expect(sent.filter((message) => message.subject === "[Major outage] Login and sign-up")).toHaveLength(2);
	});
});

describe("one email per delivery, by the consumer", () => {
	it("a message redelivered after the send sends no second email", async () => {
		await insertEmailSubscriber({ address: "once@example.com", events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const delivery = await onlyDelivery();
		const mail = recorder();
		expect((await consumeDelivery(delivery.id, {}, 1, mail.env)).explicitAcks).toHaveLength(1);
		const again = await consumeDelivery(delivery.id, {}, 2, mail.env);
		expect(again.explicitAcks).toHaveLength(1);
		expect(again.retryMessages).toEqual([]);
		expect(mail.sent).toHaveLength(1);
		expect(mail.sent[0]?.subject).toBe(`[Major outage] ${surfaceName("charts")}`);
		expect(await onlyDelivery()).toMatchObject({ status: "delivered", attempts: 1, last_status_code: null });
	});

	it("a transient failure is retried on the schedule and sent once it passes; the tenth failure ends the delivery and, the tenth in a row, the subscriber", async () => {
		const { id } = await insertEmailSubscriber({ address: "retry@example.com", events: STATE_CHANGES });
		const start = new Date();
		await surfaceChange("DOWN", start);
		const delivery = await onlyDelivery();
		const throttled = recorder(() => Promise.reject(serviceError("E_RATE_LIMIT_EXCEEDED", "rate limit exceeded")));
		const first = await consumeDelivery(delivery.id, { now: () => start, random: () => 0 }, 1, throttled.env);
		expect(first.retryDelays).toEqual([5]);
		expect(await onlyDelivery()).toMatchObject({
			status: "pending",
			attempts: 1,
			last_error: "Email Service could not send it now (E_RATE_LIMIT_EXCEEDED)",
		});
		const working = recorder();
		await consumeDelivery(delivery.id, { now: () => new Date(start.getTime() + 10_000) }, 2, working.env);
		expect(working.sent).toHaveLength(1);
		expect(await onlyDelivery()).toMatchObject({ status: "delivered", attempts: 2 });

		// The next change fails at its tenth attempt, after nine failed deliveries in a row.
		await env.DB.prepare("UPDATE notification_subscribers SET consecutive_failures = 9 WHERE id = ?").bind(id).run();
		const later = new Date(start.getTime() + 60_000);
		await surfaceChange("OPERATIONAL", later);
		const next = (await deliveries()).find((line) => line.status === "pending");
		if (!next) throw new Error("no second delivery");
		await env.DB.prepare("UPDATE notification_deliveries SET attempts = 9 WHERE id = ?").bind(next.id).run();
		const failing = recorder(() => Promise.reject(serviceError("E_INTERNAL_SERVER_ERROR", "internal error")));
		expect((await consumeDelivery(next.id, { now: () => later }, 10, failing.env)).retryMessages).toEqual([]);
		expect((await deliveries()).find((line) => line.id === next.id)).toMatchObject({ status: "failed", attempts: 10 });
		expect((await deliveries()).find((line) => line.id === next.id)?.last_error).toMatch(/no attempts left/);
		expect(await subscriberRow(id)).toEqual({
			enabled: 0,
			disabled_reason: "10 deliveries in a row failed",
			consecutive_failures: 10,
		});
	});

	it("an address Email Service refuses disables the subscriber at once; no reason, audit row or log line names the address", async () => {
		const errors = vi.spyOn(console, "error");
		const { id } = await insertEmailSubscriber({ address: "bounced@example.com", events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const delivery = await onlyDelivery();
		const refusing = recorder(() =>
			Promise.reject(serviceError("E_RECIPIENT_SUPPRESSED", "bounced@example.com is on the suppression list")),
		);
		expect((await consumeDelivery(delivery.id, {}, 1, refusing.env)).retryMessages).toEqual([]);
		const reason =
			"Email Service refused the address: it is on the suppression list (a bounce or a complaint) (E_RECIPIENT_SUPPRESSED)";
		expect(await onlyDelivery()).toMatchObject({ status: "failed", attempts: 1, last_error: reason });
		expect(await subscriberRow(id)).toMatchObject({ enabled: 0, disabled_reason: reason });
		const audit = await env.DB.prepare("SELECT action, detail FROM notification_audit_log WHERE subscriber_id = ?")
			.bind(id)
			.all();
		expect(audit.results).toEqual([{ action: "disabled", detail: reason }]);
		const logged = errors.mock.calls.map((call) => call.join(" ")).join("\n");
		expect(logged).toContain("notify_email_failed");
		expect(logged).not.toContain("bounced@");
		const { results } = await env.DB.prepare(
			"SELECT last_error AS text FROM notification_deliveries UNION ALL SELECT detail FROM notification_audit_log UNION ALL SELECT disabled_reason FROM notification_subscribers",
		).all<{ text: string | null }>();
		expect(results.some((row) => row.text?.includes("bounced@"))).toBe(false);
		// A disabled subscriber's next change makes no delivery at all.
		await surfaceChange("OPERATIONAL");
		expect(await deliveries()).toHaveLength(1);
	});

	it("an address that is not one plain address is never sent to: the subscriber is disabled", async () => {
		const { id } = await insertEmailSubscriber({ address: "a@example.com,b@example.com", events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const mail = recorder();
		await consumeDelivery((await onlyDelivery()).id, {}, 1, mail.env);
		expect(mail.sent).toEqual([]);
		expect(await subscriberRow(id)).toMatchObject({
			enabled: 0,
			disabled_reason: "its address is not one valid email address",
		});
	});

	it("the dead-letter path and the URL rules of webhooks leave email alone: an email subscriber is not refused as a non-https URL", async () => {
		await insertEmailSubscriber({ address: "rules@example.com", events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const mail = recorder();
		await consumeDelivery((await onlyDelivery()).id, {}, 1, { ...mail.env, NOTIFICATIONS_ALLOW_LOOPBACK: "false" });
		expect(mail.sent.map((message) => message.to)).toEqual(["rules@example.com"]);
		expect(await onlyDelivery()).toMatchObject({ status: "delivered" });
	});
});

describe("what an operator can do to an email subscriber", () => {
	it("an operator's test send never mails a person: it answers undelivered and sends nothing", async () => {
		const { sent, binding } = recorder();
		Object.defineProperty(env, "EMAIL", { value: binding, configurable: true, writable: true });
		const { id } = await insertEmailSubscriber({ address: "person@example.com" });
		const answer = await api("POST", INTERNAL_PATHS.subscriberTest.replace("{id}", id));
		expect(answer.status).toBe(200);
		expect(answer.json()).toEqual({
			delivered: false,
			status_code: null,
			error: "a person's email subscription is never sent an operator's test",
			outcome: "failed",
		});
		expect(answer.body).not.toContain("person@");
		expect(sent).toEqual([]);
	});

	it("a dead-lettered email delivery ends failed, and nothing is sent", async () => {
		await insertEmailSubscriber({ address: "dead@example.com", events: STATE_CHANGES });
		await surfaceChange("DOWN");
		const delivery = await onlyDelivery();
		const { sent, binding } = recorder();
		Object.defineProperty(env, "EMAIL", { value: binding, configurable: true, writable: true });
		const batch = createMessageBatch("status-notify-dlq", [
			{ id: "m1", timestamp: new Date(), attempts: 31, body: { kind: "deliver", delivery: delivery.id } },
		]);
		createExecutionContext();
		await consumeDeadLetters(batch, env);
		expect(await onlyDelivery()).toMatchObject({ status: "failed" });
		expect(sent).toEqual([]);
	});
});

describe("a self-service webhook subscriber", () => {
	it("is sent its manage and unsubscribe links in the generic body; an operator's subscriber is not", async () => {
		const selfService = await receiver([{ status: 204, body: "" }]);
		const operators = await receiver([{ status: 204, body: "" }]);
		const { id } = await insertSubscriber({ url: selfService, events: STATE_CHANGES });
		const token = await manageToken(env.SUBSCRIPTION_LINK_KEY, id);
		await env.DB.prepare(
			"UPDATE notification_subscribers SET origin = 'self_service', manage_token_hash = ? WHERE id = ?",
		)
			.bind(await sha256Hex(token), id)
			.run();
		await insertSubscriber({ url: operators, events: STATE_CHANGES });
		await surfaceChange("DOWN");
		for (const line of await deliveries()) await consumeDelivery(line.id);
		const [mine] = await receivedAt(selfService);
		expect(JSON.parse(mine?.body ?? "{}").subscription).toEqual({
			manage_url: `${env.STATUS_PUBLIC_ORIGIN}/subscriptions/manage/${token}`,
			unsubscribe_url: `${env.STATUS_PUBLIC_ORIGIN}/subscriptions/unsubscribe/${token}`,
		});
		const [theirs] = await receivedAt(operators);
		expect(JSON.parse(theirs?.body ?? "{}")).not.toHaveProperty("subscription");
	});
});

describe("Email Service's errors, as outcomes", () => {
	it("an address refused disables, a message refused fails, everything else is retried", () => {
		const cases: [unknown, string][] = [
			[serviceError("E_RECIPIENT_SUPPRESSED", "x"), "disable"],
			[serviceError("E_RECIPIENT_NOT_ALLOWED", "x"), "disable"],
			[new Error("email to someone@example.com not allowed"), "disable"],
			[serviceError("E_VALIDATION_ERROR", "x"), "failed"],
			[serviceError("E_CONTENT_TOO_LARGE", "x"), "failed"],
			[serviceError("E_HEADER_NOT_ALLOWED", "x"), "failed"],
			[serviceError("E_RATE_LIMIT_EXCEEDED", "x"), "retry"],
			[serviceError("E_DAILY_LIMIT_EXCEEDED", "x"), "retry"],
			[serviceError("E_INTERNAL_SERVER_ERROR", "x"), "retry"],
			[serviceError("E_DELIVERY_FAILED", "x"), "retry"],
			[serviceError("E_SENDER_NOT_VERIFIED", "x"), "retry"],
			[new Error("network connection lost"), "retry"],
			["not even an error", "retry"],
			[serviceError("e_lower", "x"), "retry"],
		];
		for (const [error, kind] of cases) expect(outcomeOfSendError(error).kind, String(error)).toBe(kind);
		expect(JSON.stringify(outcomeOfSendError(new Error("email to someone@example.com not allowed")))).not.toContain(
			"someone@",
		);
	});

	it("a subscriber's address is the mailto: URL's one plain address", () => {
		expect(addressOf("mailto:person@example.com")).toBe("person@example.com");
		for (const url of [
			"https://example.com",
			"mailto:",
			"mailto:person",
			"mailto:a@example.com, b@example.com",
			"mailto:Person <p@example.com>",
			"mailto:p@example.com\r\nBcc: x@example.com",
			"mailto:p@localhost",
			`mailto:${"a".repeat(250)}@example.com`,
		]) {
			expect(addressOf(url), url).toBeNull();
		}
	});
});

describe("never mail about nothing", () => {
	const emailDeliveries = async (subscriberId: string) =>
		(await deliveries()).filter((line) => line.subscriber_id === subscriberId).length;

	it("a write that changes nothing and a notify: false write make no email", async () => {
		const { id } = await insertEmailSubscriber({ address: "quiet@example.com" });
		const write = {
			surface_id: "charts",
			state: "DEGRADED",
			state_source: "manual",
			actor: "ops",
			public_note: "Slow",
		};
		expect((await updateSurface(write)).status).toBe(200);
		await fanOutEvents(env.DB, new Date().toISOString());
		expect(await emailDeliveries(id)).toBe(1);
		expect((await updateSurface(write)).status).toBe(200);
		expect((await updateSurface({ ...write, state: "OPERATIONAL", notify: false })).status).toBe(200);
		await fanOutEvents(env.DB, new Date().toISOString());
		expect(await emailDeliveries(id)).toBe(1);
	});

	it("a prober flap within its streak makes no email; the streak's end makes one", async () => {
		const { id } = await insertEmailSubscriber({ address: "flaps@example.com" });
		const minute = (n: number) => new Date(Date.UTC(2026, 10, 26, 14, n));
		const healthy = await healthyUrls();
		const target = await scriptedUrl([up, up, up, down, down, up, down, down, down]);
		const cycleEnv = jobEnv({ ...healthy, probes: { ...healthy.probes, "app-raxx-app": target } });
		const stateChanges = async () => {
			await fanOutEvents(env.DB, new Date().toISOString());
			const { results } = await env.DB.prepare(
				`SELECT d.id FROM notification_deliveries AS d JOIN notification_events AS e ON e.id = d.event_id
				WHERE d.subscriber_id = ? AND e.subject_id = 'app-raxx-app'`,
			)
				.bind(id)
				.all();
			return results.length;
		};
		for (let step = 0; step < 3; step += 1) await runCycle(cycleEnv, minute(step));
		const settled = await stateChanges();
		for (let step = 3; step < 8; step += 1) await runCycle(cycleEnv, minute(step));
		expect(await stateChanges()).toBe(settled);
		await runCycle(cycleEnv, minute(8));
		expect(await stateChanges()).toBe(settled + 1);
		expect(await emailDeliveries(id)).toBeGreaterThan(0);
	});
});
