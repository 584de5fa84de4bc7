import { env, exports } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_EVENT_TYPES } from "../../../src/domain/notifications/event";
import { MAX_SUBSCRIBERS } from "../../../src/domain/notifications/outbox";
import { INTERNAL_PATHS, idPath } from "../../../src/paths";
import { CURRENT_TOKEN, expectProblem } from "../support/http";
import { scriptedUrl } from "../support/jobs";
import { schemaProblems } from "../support/json-schema";
import { clearTables, readTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { answers, api, auditRows, eventually, insertDelivery, URL_SECRETS, URLS } from "./api-support";

// The operators' API for subscribers and deliveries: every route's success and refusals, with
// nothing written by a refusal, URLs masked and secrets shown once.

const logged: string[] = [];
beforeEach(async () => {
	await clearTables();
	answers.length = 0;
	logged.length = 0;
	for (const method of ["log", "warn", "error", "info", "debug"] as const) {
		vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			logged.push(args.map(String).join(" "));
		});
	}
});
afterEach(() => {
	// No answer and no log line holds a URL's path or query, whatever the test did.
	const everything = [...answers.map((answer) => answer.body), ...logged].join("\n");
	for (const secret of URL_SECRETS) expect(everything).not.toContain(secret);
	// A signing secret is in no log line (the answers that show one are checked where they are made).
	expect(logged.join("\n")).not.toContain("whsec_");
	vi.restoreAllMocks();
});

interface Subscriber {
	id: string;
	kind: string;
	name: string;
	url: string;
	events: string[];
	surface_ids: string[] | null;
	enabled: boolean;
	disabled_reason: string | null;
	consecutive_failures: number;
	previous_secret_valid_until: string | null;
	secret?: string | null;
}

async function create(body: Record<string, unknown>): Promise<Subscriber> {
	const answer = await api("POST", INTERNAL_PATHS.subscribers, body);
	expect(answer.status, answer.body).toBe(201);
	return answer.json<Subscriber>();
}

/** A request that must be refused with `status`/`code` and leave every table as it was. */
async function refused(method: string, path: string, body: unknown, status: number, code: string) {
	const before = await readTables();
	const answer = await api(method, path, body);
	const problem = await expectProblem(answer.response, status, code);
	expect(await readTables()).toEqual(before);
	return problem;
}

describe("POST /api/internal/status/subscribers", () => {
	it("creates each kind: URL masked, default events, all surfaces; a secret for webhook only, with an audit row", async () => {
		const webhook = await create({ kind: "webhook", name: "Partner receiver", url: URLS.webhook, actor: "deploy-bot" });
		expect(webhook).toMatchObject({
			kind: "webhook",
			name: "Partner receiver",
			url: "https://hooks.partner-receiver.io/…",
			events: [...DEFAULT_EVENT_TYPES],
			surface_ids: null,
			enabled: true,
			disabled_reason: null,
			consecutive_failures: 0,
			previous_secret_valid_until: null,
		});
		expect(webhook.id).toMatch(/^sub_[0-9a-f]{32}$/);
		expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
		const slack = await create({
			kind: "slack",
			name: "Ops channel",
			url: URLS.slack,
			events: ["incident.created", "surface.state_changed"],
			surface_ids: ["charts", "login"],
		});
		expect(slack).toMatchObject({
			url: "https://hooks.slack.com/…",
			events: ["incident.created", "surface.state_changed"],
			surface_ids: ["charts", "login"],
			secret: null,
		});
		for (const kind of ["statuspage", "discord", "teams"] as const) {
			expect((await create({ kind, name: kind, url: URLS[kind] })).secret).toBeNull();
		}
		const stored = await env.DB.prepare("SELECT id, url, secret FROM notification_subscribers WHERE id = ?")
			.bind(webhook.id)
			.first<{ url: string; secret: string }>();
		expect(stored).toMatchObject({ url: URLS.webhook, secret: webhook.secret });
		const audit = await auditRows();
		expect(audit.map((row) => [row.action, row.actor])).toEqual([
			["created", "deploy-bot"],
			["created", "ops"],
			["created", "ops"],
			["created", "ops"],
			["created", "ops"],
		]);
		expect(audit[1]?.detail).toBe(
			"slack subscriber; events incident.created, surface.state_changed; surfaces charts, login",
		);
	});

	it("refuses a bad kind, name, event type, surface or body with problem+json, writing nothing", async () => {
		const base = { kind: "slack", name: "Ops", url: URLS.slack };
		await refused("POST", INTERNAL_PATHS.subscribers, { ...base, kind: "email" }, 400, "validation_failed");
		await refused(
			"POST",
			INTERNAL_PATHS.subscribers,
			{ ...base, events: ["incident.exploded"] },
			400,
			"validation_failed",
		);
		await refused("POST", INTERNAL_PATHS.subscribers, { ...base, events: [] }, 400, "validation_failed");
		await refused(
			"POST",
			INTERNAL_PATHS.subscribers,
			{ ...base, events: ["incident.created", "incident.created"] },
			400,
			"validation_failed",
		);
		await refused("POST", INTERNAL_PATHS.subscribers, { ...base, colour: "red" }, 400, "validation_failed");
		await refused("POST", INTERNAL_PATHS.subscribers, "{", 400, "malformed_json");
		const unknown = await refused(
			"POST",
			INTERNAL_PATHS.subscribers,
			{ ...base, surface_ids: ["charts", "nowhere"] },
			422,
			"unknown_surface",
		);
		expect(unknown.detail).toContain("nowhere");
		const control = await refused(
			"POST",
			INTERNAL_PATHS.subscribers,
			{ ...base, name: "Ops\u0007bell" },
			422,
			"invalid_public_text",
		);
		expect(control.errors?.[0]?.path).toBe("name");
		await refused("POST", INTERNAL_PATHS.subscribers, { ...base, name: "x".repeat(81) }, 422, "invalid_public_text");
	});

	it("refuses every URL notifications may not go to, saying why without echoing it", async () => {
		const cases: [string, string, RegExp][] = [
			["slack", "https://hooks.slack.com/workflows/T1/B2/xyz", /not a slack incoming-webhook URL/],
			["slack", "https://slack.evil.io/services/T1/B2/xyz", /not a slack incoming-webhook URL/],
			["discord", "https://discord.com/channels/1/2", /not a discord incoming-webhook URL/],
			["teams", "https://outlook.office.com/webhook/abc", /not a teams incoming-webhook URL/],
			["webhook", "http://hooks.partner-receiver.io/inbox", /must be https/],
			["webhook", "https://203.0.113.9/inbox", /not an IP address/],
			["webhook", "https://[2001:db8::1]/inbox", /not an IP address/],
			["webhook", "https://localhost/inbox", /public host name/],
			["statuspage", "https://status.internal/inbox", /public host name/],
			["webhook", "https://status.raxx.app/api/internal/status/update-surface", /this status page itself/],
			["webhook", "https://user:pw@hooks.partner-receiver.io/inbox", /credentials/],
			["webhook", "https://hooks.partner-receiver.io:8443/inbox", /port/],
			["webhook", "not a url", /not a URL/],
			// 127.0.0.1 is allowed only with a port, where loopback is allowed (the tests).
			["webhook", "http://127.0.0.1/inbox", /must be https/],
		];
		for (const [kind, url, why] of cases) {
			const problem = await refused(
				"POST",
				INTERNAL_PATHS.subscribers,
				{ kind, name: "x", url },
				422,
				"invalid_subscriber_url",
			);
			expect(problem.detail, url).toMatch(why);
			expect(problem.detail).not.toContain(new URL(url, "https://x.y").pathname);
		}
		// The host the Worker was called at is its own too, whatever its public origin.
		const before = await readTables();
		const elsewhere = await exports.default.fetch(
			new Request(`https://status-eu.raxx-mirror.io${INTERNAL_PATHS.subscribers}`, {
				method: "POST",
				headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
				body: JSON.stringify({ kind: "webhook", name: "x", url: "https://status-eu.raxx-mirror.io/hook" }),
			}),
		);
		const own = await expectProblem(elsewhere, 422, "invalid_subscriber_url");
		expect(own.detail).toMatch(/this status page itself/);
		expect(await readTables()).toEqual(before);
	});

	it(`refuses the subscriber past ${MAX_SUBSCRIBERS} (422 too_many_subscribers), counted in the inserting batch, writing nothing`, async () => {
		await env.DB.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MAX_SUBSCRIBERS - 1})
			INSERT INTO notification_subscribers (id, kind, name, url, events, enabled, created_at, updated_at)
			SELECT printf('sub_fill%05d', i), 'slack', 'filler', 'https://hooks.slack.com/services/T/B/x', '["incident.created"]', 1,
				'2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z' FROM n`).run();
		await create({ kind: "discord", name: "The last one", url: URLS.discord });
		const problem = await refused(
			"POST",
			INTERNAL_PATHS.subscribers,
			{ kind: "slack", name: "One too many", url: URLS.slack },
			422,
			"too_many_subscribers",
		);
		expect(problem.detail).toContain(String(MAX_SUBSCRIBERS));
		const count = await env.DB.prepare("SELECT count(*) AS n FROM notification_subscribers").first<{ n: number }>();
		expect(count?.n).toBe(MAX_SUBSCRIBERS);
	});

	it(`counts operators' subscribers apart: ${MAX_SUBSCRIBERS} self-service ones leave every place to operators`, async () => {
		await env.DB.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MAX_SUBSCRIBERS})
			INSERT INTO notification_subscribers (id, kind, name, url, events, enabled, origin, manage_token_hash, created_at, updated_at)
			SELECT printf('sub_self%05d', i), 'email', 'self-service email', printf('mailto:p%05d@example.com', i), '["incident.created"]', 1,
				'self_service', printf('%064d', i), '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z' FROM n`).run();
		expect((await create({ kind: "slack", name: "Ops", url: URLS.slack })).kind).toBe("slack");
	});
});

describe("reading subscribers", () => {
	it("lists a page at a time in id order with next_after; one by id; an unknown id is 404", async () => {
		const made = [];
		for (let index = 0; index < 5; index += 1)
			made.push(await create({ kind: "slack", name: `S${index}`, url: URLS.slack }));
		const ids = made.map((subscriber) => subscriber.id).sort();
		const first = await api("GET", `${INTERNAL_PATHS.subscribers}?limit=2`);
		const page1 = first.json<{ subscribers: Subscriber[]; next_after: string | null }>();
		expect(page1.subscribers.map((s) => s.id)).toEqual(ids.slice(0, 2));
		expect(page1.next_after).toBe(ids[1]);
		const page2 = (await api("GET", `${INTERNAL_PATHS.subscribers}?limit=2&after=${page1.next_after}`)).json<{
			subscribers: Subscriber[];
			next_after: string | null;
		}>();
		expect(page2.subscribers.map((s) => s.id)).toEqual(ids.slice(2, 4));
		const page3 = (await api("GET", `${INTERNAL_PATHS.subscribers}?after=${page2.next_after}`)).json<{
			subscribers: Subscriber[];
			next_after: string | null;
		}>();
		expect(page3.subscribers.map((s) => s.id)).toEqual(ids.slice(4));
		expect(page3.next_after).toBeNull();
		expect(page3.subscribers[0]).not.toHaveProperty("secret");

		const one = await api("GET", idPath(INTERNAL_PATHS.subscriber, ids[0] ?? ""));
		expect(one.json<Subscriber>()).toMatchObject({ id: ids[0], url: "https://hooks.slack.com/…" });
		await expectProblem((await api("GET", idPath(INTERNAL_PATHS.subscriber, "sub_nope"))).response, 404, "not_found");
		for (const query of ["limit=0", "limit=101", "limit=ten", "after=a/b", "colour=red"]) {
			await expectProblem((await api("GET", `${INTERNAL_PATHS.subscribers}?${query}`)).response, 400, "invalid_query");
		}
	});
});

describe("PATCH /api/internal/status/subscribers/{id}", () => {
	it("concurrent PATCHes of different fields all land (or answer 503), none written over with what it read", async () => {
		const subscriber = await create({ kind: "webhook", name: "racer", url: URLS.webhook });
		const path = idPath(INTERNAL_PATHS.subscriber, subscriber.id);
		for (let round = 0; round < 10; round += 1) {
			const events = round % 2 === 0 ? ["incident.created"] : ["incident.resolved"];
			const surfaces = round % 2 === 0 ? ["login"] : ["charts"];
			// One instant for all (a clock that does not move between them, as within a millisecond).
			const answers = await atTime(Date.parse("2026-12-03T10:00:00Z"), () =>
				Promise.all([
					api("PATCH", path, { name: `name ${round}` }),
					api("PATCH", path, { events }),
					api("PATCH", path, { surface_ids: surfaces }),
				]),
			);
			for (const answer of answers) expect([200, 503], answer.body).toContain(answer.status);
			const stored = (await api("GET", path)).json<Subscriber>();
			const landed = answers.map((answer) => answer.status === 200);
			if (landed[0]) expect(stored.name).toBe(`name ${round}`);
			if (landed[1]) expect(stored.events).toEqual(events);
			if (landed[2]) expect(stored.surface_ids).toEqual(surfaces);
		}
	});

	it("changes what it is given, re-checks a URL, disables with a reason and enables again, each with audit rows", async () => {
		const slack = await create({ kind: "slack", name: "Ops", url: URLS.slack });
		const path = idPath(INTERNAL_PATHS.subscriber, slack.id);
		await env.DB.prepare("UPDATE notification_subscribers SET consecutive_failures = 4 WHERE id = ?")
			.bind(slack.id)
			.run();

		const renamed = await api("PATCH", path, {
			name: "Ops (EU)",
			events: ["incident.created"],
			surface_ids: ["charts"],
		});
		expect(renamed.json<Subscriber>()).toMatchObject({
			name: "Ops (EU)",
			events: ["incident.created"],
			surface_ids: ["charts"],
			consecutive_failures: 4,
		});
		const newUrl = "https://hooks.slack.com/services/T0SLACK01/B0SLACK03/newslackpathtoken";
		expect((await api("PATCH", path, { url: newUrl })).status).toBe(200);
		const stored = await env.DB.prepare("SELECT url FROM notification_subscribers WHERE id = ?").bind(slack.id).first();
		expect(stored).toEqual({ url: newUrl });

		const disabled = (await api("PATCH", path, { enabled: false })).json<Subscriber>();
		expect(disabled).toMatchObject({ enabled: false, disabled_reason: "disabled by an operator" });
		const reason = (
			await api("PATCH", path, { enabled: false, disabled_reason: "Channel archived" })
		).json<Subscriber>();
		expect(reason.disabled_reason).toBe("Channel archived");
		const enabled = (await api("PATCH", path, { enabled: true, actor: "alice-ops" })).json<Subscriber>();
		expect(enabled).toMatchObject({ enabled: true, disabled_reason: null, consecutive_failures: 0 });

		// The same again changes nothing and writes nothing.
		const before = await readTables();
		expect((await api("PATCH", path, { enabled: true, name: "Ops (EU)" })).status).toBe(200);
		expect(await readTables()).toEqual(before);

		expect((await auditRows()).map((row) => [row.action, row.actor, row.detail])).toEqual([
			["created", "ops", expect.any(String)],
			["updated", "ops", "changed: name, events, surface_ids"],
			["updated", "ops", "changed: url"],
			["disabled", "ops", "disabled by an operator"],
			["disabled", "ops", "Channel archived"],
			["enabled", "alice-ops", "enabled by an operator"],
		]);
		// The audit rows hold no URL either (afterEach checks every answer recorded, these too).
		answers.push({ label: "the audit rows", body: JSON.stringify(await auditRows()) });
	});

	it("refuses a bad change with problem+json and writes nothing; an unknown id is 404", async () => {
		const slack = await create({ kind: "slack", name: "Ops", url: URLS.slack });
		const path = idPath(INTERNAL_PATHS.subscriber, slack.id);
		await refused("PATCH", path, { url: URLS.discord }, 422, "invalid_subscriber_url");
		await refused(
			"PATCH",
			path,
			{ url: "https://hooks.slack.com.evil.io/services/T/B/x" },
			422,
			"invalid_subscriber_url",
		);
		await refused("PATCH", path, { surface_ids: ["nowhere"] }, 422, "unknown_surface");
		await refused("PATCH", path, { events: ["nope"] }, 400, "validation_failed");
		await refused("PATCH", path, { kind: "discord" }, 400, "validation_failed");
		await refused("PATCH", path, {}, 400, "validation_failed");
		await refused("PATCH", path, { actor: "ops" }, 400, "validation_failed");
		await refused("PATCH", path, { disabled_reason: "because" }, 400, "validation_failed");
		await refused("PATCH", path, { enabled: "no" }, 400, "validation_failed");
		await refused("PATCH", path, { enabled: false, disabled_reason: "see https://x.io/y" }, 400, "validation_failed");
		await refused("PATCH", path, { name: "\u202Eevil" }, 422, "invalid_public_text");
		await refused("PATCH", idPath(INTERNAL_PATHS.subscriber, "sub_missing"), { name: "x" }, 404, "not_found");
	});
});

describe("DELETE /api/internal/status/subscribers/{id}", () => {
	it("removes the subscriber and all its deliveries, others' untouched, with an audit row; again: 404", async () => {
		const gone = await create({ kind: "slack", name: "Gone", url: URLS.slack });
		const kept = await create({ kind: "discord", name: "Kept", url: URLS.discord });
		for (const [id, subscriberId, status] of [
			["msg_a", gone.id, "delivered"],
			["msg_b", gone.id, "failed"],
			["msg_c", gone.id, "pending"],
			["msg_d", kept.id, "failed"],
		] as const) {
			await insertDelivery({ id, subscriberId, status, createdAt: "2026-12-01T10:00:00.000Z" });
		}
		const answer = await api("DELETE", idPath(INTERNAL_PATHS.subscriber, gone.id));
		expect(answer.status).toBe(204);
		const tables = await readTables();
		expect(tables.notification_subscribers.map((row) => row.id)).toEqual([kept.id]);
		expect(tables.notification_deliveries.map((row) => row.id)).toEqual(["msg_d"]);
		expect((await auditRows()).at(-1)).toEqual({
			subscriber_id: gone.id,
			actor: "ops",
			action: "deleted",
			detail: "removed with all its deliveries",
		});
		await refused("DELETE", idPath(INTERNAL_PATHS.subscriber, gone.id), undefined, 404, "not_found");
	});
});

describe("POST /api/internal/status/subscribers/{id}/rotate-secret", () => {
	it("answers the new secret once; the previous one signs for 24 hours; other kinds 422; unknown 404", async () => {
		const webhook = await create({ kind: "webhook", name: "Receiver", url: URLS.webhook });
		const rotatePath = idPath(INTERNAL_PATHS.subscriberRotateSecret, webhook.id);
		const started = Date.now();
		const rotated = (await api("POST", rotatePath)).json<Subscriber & { previous_secret_valid_until: string }>();
		expect(rotated.secret).toMatch(/^whsec_/);
		expect(rotated.secret).not.toBe(webhook.secret);
		const until = Date.parse(rotated.previous_secret_valid_until);
		expect(until - started).toBeGreaterThanOrEqual(24 * 3_600_000 - 1_000);
		expect(until - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
		const stored = await env.DB.prepare(
			"SELECT secret, previous_secret, previous_secret_until FROM notification_subscribers WHERE id = ?",
		)
			.bind(webhook.id)
			.first();
		expect(stored).toEqual({
			secret: rotated.secret,
			previous_secret: webhook.secret,
			previous_secret_until: rotated.previous_secret_valid_until,
		});
		// Read back, it shows when the previous one stops, never a secret.
		const read = await api("GET", idPath(INTERNAL_PATHS.subscriber, webhook.id));
		expect(read.json<Subscriber>().previous_secret_valid_until).toBe(rotated.previous_secret_valid_until);
		expect((await auditRows()).at(-1)).toMatchObject({ action: "rotated", subscriber_id: webhook.id });

		const slack = await create({ kind: "slack", name: "Ops", url: URLS.slack });
		await refused(
			"POST",
			idPath(INTERNAL_PATHS.subscriberRotateSecret, slack.id),
			undefined,
			422,
			"not_a_webhook_subscriber",
		);
		await refused("POST", idPath(INTERNAL_PATHS.subscriberRotateSecret, "sub_missing"), undefined, 404, "not_found");

		// Each secret appears only in the answer that made it.
		for (const secret of [webhook.secret ?? "", rotated.secret ?? ""]) {
			const holding = answers.filter((answer) => answer.body.includes(secret.slice(6))).map((answer) => answer.label);
			expect(holding).toHaveLength(1);
			expect(holding[0]).toMatch(/^POST .*(subscribers|rotate-secret)$/);
		}
		for (const row of await auditRows()) expect(row.detail ?? "").not.toMatch(/whsec_|:\/\//);
	});
});

describe("POST /api/internal/status/subscribers/{id}/test", () => {
	it("sends a signed test event at once and answers the receiver's answer; records nothing", async () => {
		const receiver = await scriptedUrl([{ status: 200, body: "ok" }]);
		const webhook = await create({ kind: "webhook", name: "Receiver", url: receiver });
		expect(webhook.url).toBe(`${new URL(receiver).origin}/…`);
		const before = await readTables();
		const answer = await api("POST", idPath(INTERNAL_PATHS.subscriberTest, webhook.id));
		expect(answer.json()).toEqual({ delivered: true, status_code: 200, error: null, outcome: "delivered" });
		expect(await readTables()).toEqual(before);

		const received = await (await fetch(receiver.replace("/script/", "/received/"))).json<
			{ headers: Record<string, string>; body: string }[]
		>();
		expect(received).toHaveLength(1);
		const [request] = received;
		const payload = new Webhook(webhook.secret ?? "").verify(request?.body ?? "", request?.headers ?? {}) as {
			type: string;
		};
		expect(payload.type).toBe("test");
		expect(request?.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);

		// After a rotation both secrets sign: either verifies.
		const rotated = (await api("POST", idPath(INTERNAL_PATHS.subscriberRotateSecret, webhook.id))).json<Subscriber>();
		expect((await api("POST", idPath(INTERNAL_PATHS.subscriberTest, webhook.id))).json()).toMatchObject({
			delivered: true,
		});
		const second = (
			await (
				await fetch(receiver.replace("/script/", "/received/"))
			).json<{ headers: Record<string, string>; body: string }[]>()
		)[1];
		expect(second?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
		for (const secret of [webhook.secret ?? "", rotated.secret ?? ""]) {
			expect(() => new Webhook(secret).verify(second?.body ?? "", second?.headers ?? {})).not.toThrow();
		}
		expect(() =>
			new Webhook(`whsec_${btoa("x".repeat(32))}`).verify(second?.body ?? "", second?.headers ?? {}),
		).toThrow();
	});

	it("a receiver's failure is answered, not recorded: no delivery, no failure counted, nothing disabled", async () => {
		const gone = await scriptedUrl([{ status: 410, body: "gone" }]);
		const slack = await create({ kind: "webhook", name: "Gone", url: gone });
		const before = await readTables();
		const answer = await api("POST", idPath(INTERNAL_PATHS.subscriberTest, slack.id));
		expect(answer.json()).toEqual({
			delivered: false,
			status_code: 410,
			error: "the receiver answered 410 Gone",
			outcome: "disable",
		});
		const refusedAnswer = await api("POST", idPath(INTERNAL_PATHS.subscriberTest, slack.id));
		expect(refusedAnswer.json()).toMatchObject({ outcome: "disable" });
		expect(await readTables()).toEqual(before);

		// No answer at all: the reason, without the URL.
		const nowhere = await create({ kind: "slack", name: "Unreachable", url: URLS.slack });
		const unreachable = (await api("POST", idPath(INTERNAL_PATHS.subscriberTest, nowhere.id))).json<{
			delivered: boolean;
			status_code: number | null;
			error: string;
			outcome: string;
		}>();
		expect(unreachable).toMatchObject({ delivered: false, status_code: null, outcome: "retry" });
		expect(unreachable.error).not.toContain("hooks.slack.com");
		await refused("POST", idPath(INTERNAL_PATHS.subscriberTest, "sub_missing"), undefined, 404, "not_found");
	});
});

describe("deliveries", () => {
	async function fixtures() {
		const a = await create({ kind: "slack", name: "A", url: URLS.slack });
		const b = await create({ kind: "discord", name: "B", url: URLS.discord });
		const rows = [
			["msg_1", a.id, "delivered", "2026-12-01T10:00:01.000Z"],
			["msg_2", a.id, "failed", "2026-12-01T10:00:02.000Z"],
			["msg_3", b.id, "failed", "2026-12-01T10:00:03.000Z"],
			["msg_4", a.id, "pending", "2026-12-01T10:00:04.000Z"],
			["msg_5", b.id, "delivered", "2026-12-01T10:00:05.000Z"],
			["msg_6", a.id, "failed", "2026-12-01T10:00:05.000Z"],
		] as const;
		for (const [id, subscriberId, status, createdAt] of rows) {
			await insertDelivery({ id, subscriberId, status, createdAt });
		}
		return { a, b };
	}
	type Page = { deliveries: { id: string }[]; next_after: string | null };
	const ids = (page: Page) => page.deliveries.map((delivery) => delivery.id);

	it("list newest first, by status or by subscriber, a page at a time", async () => {
		const { a } = await fixtures();
		const all = (await api("GET", INTERNAL_PATHS.deliveries)).json<Page>();
		expect(ids(all)).toEqual(["msg_6", "msg_5", "msg_4", "msg_3", "msg_2", "msg_1"]);
		expect(all.deliveries[0]).toEqual({
			id: "msg_6",
			event_id: "evt_6",
			event_type: "surface.state_changed",
			subscriber_id: a.id,
			status: "failed",
			attempts: 1,
			last_status_code: 500,
			last_error: "the receiver answered 500",
			next_attempt_at: null,
			created_at: "2026-12-01T10:00:05.000Z",
			delivered_at: null,
		});
		const failed = (await api("GET", `${INTERNAL_PATHS.deliveries}?status=failed&limit=2`)).json<Page>();
		expect(ids(failed)).toEqual(["msg_6", "msg_3"]);
		const failedRest = (
			await api("GET", `${INTERNAL_PATHS.deliveries}?status=failed&after=${failed.next_after}`)
		).json<Page>();
		expect(ids(failedRest)).toEqual(["msg_2"]);
		expect(failedRest.next_after).toBeNull();
		const mine = (await api("GET", `${idPath(INTERNAL_PATHS.subscriberDeliveries, a.id)}?limit=3`)).json<Page>();
		expect(ids(mine)).toEqual(["msg_6", "msg_4", "msg_2"]);
		const mineRest = (
			await api("GET", `${idPath(INTERNAL_PATHS.subscriberDeliveries, a.id)}?after=${mine.next_after}`)
		).json<Page>();
		expect(ids(mineRest)).toEqual(["msg_1"]);

		await expectProblem((await api("GET", `${INTERNAL_PATHS.deliveries}?status=lost`)).response, 400, "invalid_query");
		await expectProblem(
			(await api("GET", `${INTERNAL_PATHS.deliveries}?after=msg_none`)).response,
			400,
			"invalid_query",
		);
		await expectProblem(
			(await api("GET", idPath(INTERNAL_PATHS.subscriberDeliveries, "sub_missing"))).response,
			404,
			"not_found",
		);
	});

	it("retry: a failed delivery is pending and due again, attempts kept, and the fan-out request sends it", async () => {
		const receiver = await scriptedUrl([{ status: 204 }]);
		const subscriber = await create({ kind: "webhook", name: "Receiver", url: receiver });
		await insertDelivery({
			id: "msg_retry",
			subscriberId: subscriber.id,
			status: "failed",
			attempts: 10,
			createdAt: "2026-12-01T10:00:01.000Z",
		});
		const answer = await api("POST", idPath(INTERNAL_PATHS.deliveryRetry, "msg_retry"));
		expect(answer.status, answer.body).toBe(202);
		expect(answer.json()).toMatchObject({ id: "msg_retry", status: "pending", attempts: 10 });
		expect((await auditRows()).at(-1)).toEqual({
			subscriber_id: subscriber.id,
			actor: "ops",
			action: "retried",
			detail: "delivery msg_retry sent again",
		});
		const delivered = await eventually(
			() =>
				env.DB.prepare(
					"SELECT status, attempts, delivered_at FROM notification_deliveries WHERE id = 'msg_retry'",
				).first<{
					status: string;
					attempts: number;
				}>(),
			(row) => row?.status === "delivered",
			"the retried delivery to be delivered",
		);
		expect(delivered?.attempts).toBe(11);
		const received = await (await fetch(receiver.replace("/script/", "/received/"))).json<
			{ headers: Record<string, string>; body: string }[]
		>();
		expect(received.map((request) => request.headers["webhook-id"])).toEqual(["msg_retry"]);
		expect(() =>
			new Webhook(subscriber.secret ?? "").verify(received[0]?.body ?? "", received[0]?.headers ?? {}),
		).not.toThrow();
	});

	it("retry refuses a delivered delivery (409) and an unknown one (404), writing nothing", async () => {
		await fixtures();
		const problem = await refused(
			"POST",
			idPath(INTERNAL_PATHS.deliveryRetry, "msg_1"),
			undefined,
			409,
			"already_delivered",
		);
		expect(problem.detail).toContain("delivered");
		await refused("POST", idPath(INTERNAL_PATHS.deliveryRetry, "msg_none"), undefined, 404, "not_found");
	});
});

describe("the OpenAPI document", () => {
	interface Doc {
		paths: Record<
			string,
			Record<
				string,
				{ security?: unknown; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
			>
		>;
	}

	it("lists every subscriber and delivery route behind the internal token, and each answer matches its schema", async () => {
		const doc = await (await api("GET", "/api/openapi.json")).json<Doc>();
		const routes: [string, string, string][] = [
			[INTERNAL_PATHS.subscribers, "post", "201"],
			[INTERNAL_PATHS.subscribers, "get", "200"],
			[INTERNAL_PATHS.subscriber, "get", "200"],
			[INTERNAL_PATHS.subscriber, "patch", "200"],
			[INTERNAL_PATHS.subscriber, "delete", "204"],
			[INTERNAL_PATHS.subscriberRotateSecret, "post", "200"],
			[INTERNAL_PATHS.subscriberTest, "post", "200"],
			[INTERNAL_PATHS.subscriberDeliveries, "get", "200"],
			[INTERNAL_PATHS.deliveries, "get", "200"],
			[INTERNAL_PATHS.deliveryRetry, "post", "202"],
		];
		for (const [path, method, status] of routes) {
			const operation = doc.paths[path]?.[method];
			expect(operation?.security, `${method} ${path}`).toEqual([{ InternalToken: [] }]);
			expect(Object.keys(operation?.responses ?? {}), `${method} ${path}`).toContain(status);
		}

		const receiver = await scriptedUrl([{ status: 200, body: "ok" }]);
		const webhook = await create({ kind: "webhook", name: "Receiver", url: receiver });
		await insertDelivery({
			id: "msg_doc",
			subscriberId: webhook.id,
			status: "failed",
			createdAt: "2026-12-01T10:00:00.000Z",
		});
		const calls: [string, string, string, unknown][] = [
			[INTERNAL_PATHS.subscribers, "get", INTERNAL_PATHS.subscribers, undefined],
			[INTERNAL_PATHS.subscriber, "get", idPath(INTERNAL_PATHS.subscriber, webhook.id), undefined],
			[INTERNAL_PATHS.subscriber, "patch", idPath(INTERNAL_PATHS.subscriber, webhook.id), { enabled: false }],
			[
				INTERNAL_PATHS.subscriberRotateSecret,
				"post",
				idPath(INTERNAL_PATHS.subscriberRotateSecret, webhook.id),
				undefined,
			],
			[INTERNAL_PATHS.subscriberTest, "post", idPath(INTERNAL_PATHS.subscriberTest, webhook.id), undefined],
			[INTERNAL_PATHS.subscriberDeliveries, "get", idPath(INTERNAL_PATHS.subscriberDeliveries, webhook.id), undefined],
			[INTERNAL_PATHS.deliveries, "get", `${INTERNAL_PATHS.deliveries}?status=failed`, undefined],
		];
		const created = answers.find((answer) => answer.label === `POST ${INTERNAL_PATHS.subscribers}`);
		const checks: [string, string, string, unknown][] = [
			[INTERNAL_PATHS.subscribers, "post", "201", JSON.parse(created?.body ?? "null")],
		];
		for (const [template, method, path, body] of calls) {
			const answer = await api(method.toUpperCase(), path, body);
			checks.push([template, method, String(answer.status), answer.json()]);
		}
		// Retried last: the queue then sends it, and the subscriber is disabled, so it fails again at once.
		const retried = await api("POST", idPath(INTERNAL_PATHS.deliveryRetry, "msg_doc"));
		checks.push([INTERNAL_PATHS.deliveryRetry, "post", String(retried.status), retried.json()]);
		for (const [template, method, status, answer] of checks) {
			const schema = doc.paths[template]?.[method]?.responses[status]?.content?.["application/json"]?.schema;
			expect(schema, `${method} ${template} ${status}`).toBeDefined();
			expect(
				schemaProblems(answer, schema, doc, { undeclared: true }),
				`${method} ${template} ${JSON.stringify(answer)}`,
			).toEqual([]);
		}
	});
});
