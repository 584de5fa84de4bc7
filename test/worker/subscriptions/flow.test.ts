import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { DEFAULT_EVENT_TYPES } from "../../../src/domain/notifications/event";
import { manageToken, sha256Hex } from "../../../src/lib/subscription-tokens";
import { PUBLIC_PATHS } from "../../../src/paths";
import { seedSurfaces } from "../../../src/verbs/seed-surfaces";
import { deliveries, receivedAt, receiver } from "../notifications/support";
import { relayBody, sendRelay } from "../support/freescout";
import { call } from "../support/http";
import {
	auditRows,
	callWith,
	clearAll,
	confirmPathIn,
	confirmThroughLink,
	consumeConfirm,
	jsonInit,
	pendingEmail,
	recordingEmail,
	requestRows,
	subscribe,
	subscriberRows,
	subscriptionTables,
	suppressionRows,
	unsubscribePathOf,
} from "./support";

// Double opt-in end to end: subscribe, the confirmation (a mail or a signed POST), the confirm link,
// the subscriber the deliveries serve, the manage and one-click unsubscribe links.

beforeEach(async () => {
	await clearAll();
	await seedSurfaces(env.DB, "test", new Date());
});

const EMAIL = "Person.Name+status@Example.COM";
const STORED = "Person.Name+status@example.com";

describe("an email subscription", () => {
	it("is mailed a confirmation whose link, pressed, makes a self-service subscriber that an incident's deliveries reach", async () => {
		const { response, sent } = await subscribe(jsonInit({ email: ` ${EMAIL} `, surface_ids: ["login", "login"] }));
		expect(response.status).toBe(202);
		const answer = await response.text();
		expect(answer).not.toContain("example");
		const [request] = await requestRows();
		expect(request).toMatchObject({
			kind: "email",
			address: STORED,
			surface_ids: '["login"]',
			confirmation_sent_at: null,
		});
		expect(request?.address_hash).toBe(await sha256Hex(STORED.toLowerCase()));
		expect(sent).toEqual([{ kind: "confirm", request: request?.id }]);

		const { binding, mails } = recordingEmail();
		const result = await consumeConfirm(request?.id ?? "", { EMAIL: binding });
		expect(result.explicitAcks).toHaveLength(1);
		expect(mails).toHaveLength(1);
		const mail = mails[0];
		expect(mail).toMatchObject({ from: env.NOTIFY_EMAIL_FROM, to: STORED });
		expect(mail?.subject).toContain("Confirm your subscription");
		const confirmPath = confirmPathIn(mail?.text ?? "");
		expect(mail?.html).toContain(confirmPath);
		expect((await requestRows())[0]?.confirmation_sent_at).not.toBeNull();

		// Redelivered: nothing sent again.
		await consumeConfirm(request?.id ?? "", { EMAIL: binding }, {}, 2);
		expect(mails).toHaveLength(1);

		const { response: confirmed, managePath } = await confirmThroughLink(confirmPath);
		expect(confirmed.status).toBe(200);
		const [subscriber] = await subscriberRows();
		expect(subscriber).toMatchObject({
			kind: "email",
			url: `mailto:${STORED}`,
			origin: "self_service",
			surface_ids: '["login"]',
			secret: null,
			events: JSON.stringify(DEFAULT_EVENT_TYPES),
		});
		const token = managePath.split("/").at(-1) ?? "";
		expect(token).toBe(await manageToken(env.SUBSCRIPTION_LINK_KEY, subscriber?.id ?? ""));
		expect(subscriber?.manage_token_hash).toBe(await sha256Hex(token));
		expect(await requestRows()).toEqual([]);
		const audit = await auditRows();
		expect(audit).toEqual([
			expect.objectContaining({ subscriber_id: subscriber?.id, actor: "self_service", action: "created" }),
		]);
		expect(JSON.stringify(audit).toLowerCase()).not.toContain("example.com");

		// An incident on its surface: the fan-out makes it a delivery, which the real queue's consumer
		// mails through Email Service (observed by wrapping the simulated binding).
		const simulated = env.EMAIL;
		const notified: EmailMessageBuilder[] = [];
		Object.defineProperty(env, "EMAIL", {
			value: { send: (message: EmailMessageBuilder) => notified.push(message) && simulated.send(message) },
			configurable: true,
			writable: true,
		});
		onTestFinished(() => {
			Object.defineProperty(env, "EMAIL", { value: simulated, configurable: true, writable: true });
		});
		const body = relayBody("conversation.created", {
			id: 601,
			status: "open",
			updated_at: new Date(Date.now() - 60_000).toISOString(),
			component: "login",
			severity: "down",
			note: "Logins fail",
		});
		expect((await sendRelay(body)).status).toBeLessThan(300);
		await vi.waitUntil(
			async () =>
				(await deliveries()).some((line) => line.subscriber_id === subscriber?.id && line.status === "delivered"),
			{ timeout: 15_000, interval: 100 },
		);
		// Exactly one email, which says the state and carries the subscriber's own links.
		expect(notified).toHaveLength(1);
		const [notice] = notified as [EmailMessageBuilder & { headers: Record<string, string>; text: string }];
		expect(notice.to).toBe(STORED);
		expect(notice.subject).toMatch(/^\[Investigating\] /);
		expect(notice.text).toContain("Logins fail");
		expect(notice.text).toContain(managePath);
		const oneClick = /^<([^>]+)>$/.exec(notice.headers["List-Unsubscribe"] ?? "")?.[1] ?? "";
		expect(new URL(oneClick).pathname).toBe(unsubscribePathOf(managePath));
		expect(notice.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

		// The mail client's one-click POST ends it, with no cookie and no redirect.
		const left = await call(new URL(oneClick).pathname, {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: "List-Unsubscribe=One-Click",
		});
		expect(left.status).toBe(200);
		expect(await subscriberRows()).toEqual([]);
	});

	it("answers the same 202 for a new, a pending and a subscribed address, and sends one confirmation", async () => {
		const first = await subscribe(jsonInit({ email: EMAIL }));
		const pending = await subscribe(jsonInit({ email: EMAIL.toUpperCase() }));
		const again = await subscribe(jsonInit({ email: EMAIL }));
		const answers = await Promise.all(
			[first, again].map(async ({ response }) => [response.status, await response.text()]),
		);
		expect(answers[0]).toEqual(answers[1]);
		expect(first.sent).toHaveLength(1);
		expect(again.sent).toEqual([]);
		// The same mailbox spelled in capitals is the same address: no second request, no second mail.
		expect(pending.sent).toEqual([]);
		expect(await requestRows()).toHaveLength(1);

		const { confirmPath } = await pendingEmail("other@example.org");
		await confirmThroughLink(confirmPath);
		const subscribed = await subscribe(jsonInit({ email: "other@example.org" }));
		expect(subscribed.response.status).toBe(202);
		expect(await subscribed.response.text()).toBe(answers[0]?.[1]);
		expect(subscribed.sent).toEqual([]);
	});
});

describe("a webhook subscription", () => {
	it("is sent a signed subscription.verification through the real queue; confirming shows its secret once and subscribes it", async () => {
		const url = await receiver([{ status: 200, body: "ok" }]);
		const response = await call(PUBLIC_PATHS.subscriptions, jsonInit({ webhook_url: url }));
		expect(response.status).toBe(202);
		expect(await response.text()).not.toContain("127.0.0.1");
		await vi.waitUntil(async () => (await receivedAt(url)).length > 0, { timeout: 15_000, interval: 100 });
		const [request] = await requestRows();
		const [received] = await receivedAt(url);
		if (!request?.secret || !received) throw new Error("no request or verification");
		const verified = new Webhook(request.secret).verify(received.body, received.headers) as {
			type: string;
			data: { confirm_url: string; signing_secret: string };
		};
		expect(verified.type).toBe("subscription.verification");
		expect(received.headers["webhook-id"]).toBe(request.id);
		await vi.waitUntil(async () => (await requestRows())[0]?.confirmation_sent_at !== null, { timeout: 5_000 });

		// The receiver learns the secret it verifies later messages with from this message itself.
		expect(verified.data.signing_secret).toBe(request.secret);
		const confirmPath = new URL(verified.data.confirm_url).pathname;
		const { html } = await confirmThroughLink(confirmPath);
		expect(html).toContain(request.secret);
		expect(html).toMatch(/shown here once/);
		const [subscriber] = await subscriberRows();
		expect(subscriber).toMatchObject({ kind: "webhook", url, origin: "self_service", secret: request.secret });
	});
});

describe("the links", () => {
	it("change nothing on GET: confirm, manage and unsubscribe pages only show buttons", async () => {
		const { confirmPath } = await pendingEmail("get@example.com");
		const before = await subscriptionTables();
		const page = await callWith(confirmPath);
		expect(page.status).toBe(200);
		expect(await page.text()).toMatch(/<form method="post" action="\/subscriptions\/confirm\//);
		expect(await subscriptionTables()).toEqual(before);

		const { managePath } = await confirmThroughLink(confirmPath);
		const confirmed = await subscriptionTables();
		for (const path of [managePath, unsubscribePathOf(managePath), managePath]) {
			const response = await callWith(path, { headers: { Cookie: "none=1" } });
			expect(response.status, path).toBe(200);
			expect(response.headers.get("Cache-Control")).toBe("no-store");
			expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
		}
		expect(await subscriptionTables()).toEqual(confirmed);
	});

	it("unsubscribe with RFC 8058's one-click POST: 200, no redirect, the subscriber and its deliveries gone, the address kept only as a hash", async () => {
		const { confirmPath } = await pendingEmail("leave@example.com");
		const { managePath } = await confirmThroughLink(confirmPath);
		const [subscriber] = await subscriberRows();
		const response = await callWith(unsubscribePathOf(managePath), {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: "List-Unsubscribe=One-Click",
			redirect: "manual",
		});
		expect(response.status).toBe(200);
		expect(response.headers.get("Set-Cookie")).toBeNull();
		expect(await response.text()).toContain("You are unsubscribed");
		expect(await subscriberRows()).toEqual([]);
		expect(await deliveries()).toEqual([]);
		expect(await suppressionRows()).toEqual([
			{ address_hash: await sha256Hex("leave@example.com"), created_at: expect.any(String) },
		]);
		const audit = await auditRows();
		expect(audit.map((line) => [line.subscriber_id, line.actor, line.action])).toEqual([
			[subscriber?.id, "self_service", "created"],
			[subscriber?.id, "self_service", "deleted"],
		]);
		expect(JSON.stringify(audit)).not.toContain("leave@");
		// The link is spent: a second POST finds nothing.
		expect((await callWith(unsubscribePathOf(managePath), { method: "POST" })).status).toBe(404);
	});

	it("manage: a POST changes the surfaces (none ticked: every surface), unknown ones refused with nothing written", async () => {
		const { confirmPath } = await pendingEmail("manage@example.com");
		const { managePath } = await confirmThroughLink(confirmPath);
		const post = (fields: [string, string][]) =>
			callWith(managePath, {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams(fields).toString(),
			});
		const saved = await post([
			["surface_ids", "login"],
			["surface_ids", "public-api"],
		]);
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain("Saved.");
		expect((await subscriberRows())[0]?.surface_ids).toBe('["login","public-api"]');
		const before = await subscriptionTables();
		const refused = await post([["surface_ids", "nope"]]);
		expect(refused.status).toBe(422);
		expect(refused.headers.get("Content-Type")).toContain("text/html");
		expect(await subscriptionTables()).toEqual(before);
		await post([]);
		expect((await subscriberRows())[0]?.surface_ids).toBeNull();
		await post([["surface_ids", "login"]]);
		// A body that is not the form's (JSON, multipart) would read as no box ticked: refused, unchanged.
		const kept = await subscriptionTables();
		for (const init of [
			{ headers: { "Content-Type": "application/json" }, body: '{"surface_ids":["deposits"]}' },
			{ headers: { "Content-Type": "multipart/form-data" }, body: "x" },
		]) {
			const answer = await callWith(managePath, { method: "POST", ...init });
			expect(answer.status).toBe(415);
		}
		expect(await subscriptionTables()).toEqual(kept);
	});
});
