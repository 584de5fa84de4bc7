import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_PENDING_PER_ADDRESS, MAX_PENDING_TOTAL } from "../../../src/domain/subscriptions/limits";
import { HttpProblem } from "../../../src/http/problem";
import { subscriptionRoutes } from "../../../src/http/routes/public-subscriptions";
import { sha256Hex } from "../../../src/lib/subscription-tokens";
import { PUBLIC_PATHS } from "../../../src/paths";
import { BASE_URL, expectProblem } from "../support/http";
import {
	callWith,
	clearAll,
	consumeConfirm,
	formInit,
	jsonInit,
	recordingEmail,
	requestRows,
	subscribe,
	subscriptionTables,
} from "./support";

// The subscribe endpoint: what it refuses (problem+json, nothing written), its caps, its form.

beforeEach(clearAll);

describe("POST /api/status/public/subscriptions refuses bad input and writes nothing", () => {
	const cases: [string, RequestInit, number, string][] = [
		["no address", jsonInit({}), 400, "validation_failed"],
		[
			"both addresses",
			jsonInit({ email: "a@example.com", webhook_url: "https://hooks.example.com/x" }),
			400,
			"validation_failed",
		],
		["an unknown field", jsonInit({ email: "a@example.com", name: "x" }), 400, "validation_failed"],
		["malformed JSON", jsonInit("{"), 400, "malformed_json"],
		["no body", { method: "POST" }, 400, "validation_failed"],
		[
			"plain text",
			{ method: "POST", headers: { "Content-Type": "text/plain" }, body: "a@example.com" },
			415,
			"unsupported_media_type",
		],
		["an address without a domain", jsonInit({ email: "person" }), 422, "invalid_email_address"],
		["an address with a space", jsonInit({ email: "a b@example.com" }), 422, "invalid_email_address"],
		["a header injection", jsonInit({ email: "a@example.com\r\nBcc: x@example.org" }), 422, "invalid_email_address"],
		["an address on a private name", jsonInit({ email: "a@localhost" }), 422, "invalid_email_address"],
		[
			"a too long address",
			jsonInit({
				email: `${"a".repeat(64)}@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(10)}.com`,
			}),
			422,
			"invalid_email_address",
		],
		["a far too long address", jsonInit({ email: `${"a".repeat(400)}@example.com` }), 400, "validation_failed"],
		["an http webhook", jsonInit({ webhook_url: "http://hooks.example.com/x" }), 422, "invalid_subscriber_url"],
		["a webhook on an IP address", jsonInit({ webhook_url: "https://10.0.0.1/x" }), 422, "invalid_subscriber_url"],
		[
			"a webhook at the page itself",
			jsonInit({ webhook_url: "https://status.raxx.app/x" }),
			422,
			"invalid_subscriber_url",
		],
		["an unknown surface", jsonInit({ email: "a@example.com", surface_ids: ["nope"] }), 422, "unknown_surface"],
		[
			"too many surfaces",
			jsonInit({ email: "a@example.com", surface_ids: Array(200).fill("login") }),
			400,
			"validation_failed",
		],
		["a form without an address", formInit([["email", ""]]), 400, "validation_failed"],
	];
	for (const [name, init, status, code] of cases) {
		it(`${name}: ${status} ${code}`, async () => {
			const before = await subscriptionTables();
			const { response, sent } = await subscribe({
				...init,
				headers: { ...(init.headers as Record<string, string>), Accept: "application/json" },
			});
			const problem = await expectProblem(response, status, code);
			expect(problem.detail).not.toMatch(/a@example\.com|hooks\.example\.com|10\.0\.0\.1/);
			expect(sent).toEqual([]);
			expect(await subscriptionTables()).toEqual(before);
		});
	}

	it("a form's refusal is a page a person reads, with the same status", async () => {
		const { response } = await subscribe(formInit([["email", "not-an-address"]]));
		expect(response.status).toBe(422);
		expect(response.headers.get("Content-Type")).toContain("text/html");
		expect(await response.text()).toContain("is not an email address");
		expect(await requestRows()).toEqual([]);
	});
});

describe("one address, one request", () => {
	it("counts the spellings of one mailbox or one receiver as one address: case, a URL's fragment", async () => {
		const email = async (address: string) => (await subscribe(jsonInit({ email: address }))).sent.length;
		expect(await email("Victim@example.com")).toBe(1);
		expect(await email("victim@example.com")).toBe(0);
		expect(await email("VICTIM@EXAMPLE.COM")).toBe(0);
		const hook = async (url: string) => (await subscribe(jsonInit({ webhook_url: url }))).sent.length;
		expect(await hook("https://hooks.example.org/receiver")).toBe(1);
		expect(await hook("https://hooks.example.org/receiver#again")).toBe(0);
		const rows = await requestRows();
		expect(rows.map((row) => row.address)).toEqual(["Victim@example.com", "https://hooks.example.org/receiver"]);
	});

	it("refuses a form posted from another site (403 cross_site_form), writing nothing; the page's own and curl's go on", async () => {
		const before = await subscriptionTables();
		const fields: [string, string][] = [["email", "visitor@example.com"]];
		const foreign: Record<string, string>[] = [
			{ Origin: "https://evil.example" },
			{ "Sec-Fetch-Site": "cross-site" },
			{ Origin: "null" },
		];
		for (const headers of foreign) {
			const init = formInit(fields);
			const { response, sent } = await subscribe({
				...init,
				headers: { ...(init.headers as Record<string, string>), ...headers },
			});
			expect(response.status).toBe(403);
			expect(await response.text()).toContain("Subscribe from the status page itself");
			expect(sent).toEqual([]);
		}
		expect(await subscriptionTables()).toEqual(before);
		const own = formInit(fields);
		const { response } = await subscribe({
			...own,
			headers: {
				...(own.headers as Record<string, string>),
				Origin: new URL(BASE_URL).origin,
				"Sec-Fetch-Site": "same-origin",
			},
		});
		expect(response.status).toBe(202);
	});
});

describe("the form", () => {
	it("posts the same fields form-encoded and answers a 'check your inbox' page", async () => {
		const { response, sent } = await subscribe(
			formInit([
				["email", "form@example.com"],
				["surface_ids", "login"],
				["surface_ids", "public-api"],
			]),
		);
		expect(response.status).toBe(202);
		expect(response.headers.get("Content-Type")).toContain("text/html");
		const html = await response.text();
		expect(html).toContain("Check your inbox");
		expect(html).not.toContain("form@example.com");
		expect(sent).toHaveLength(1);
		expect((await requestRows())[0]).toMatchObject({
			address: "form@example.com",
			surface_ids: '["login","public-api"]',
		});
	});
});

/** `count` pending requests of `addressHash` (or of their own), straight into D1. */
async function insertRequests(count: number, addressHash: string | null, createdAt: string): Promise<void> {
	const expires = new Date(Date.now() + 3_600_000).toISOString();
	await env.DB.prepare(
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO subscription_requests (id, kind, address, address_hash, surface_ids, token_hash, secret, expires_at, confirmation_sent_at, created_at)
		SELECT 'sreq_filler' || i, 'email', 'filler' || i || '@example.com', coalesce(?, 'hash' || i), NULL, 'token' || i, NULL, ?, ?, ? FROM n`,
	)
		.bind(count, addressHash, expires, createdAt, createdAt)
		.run();
}

describe("the caps", () => {
	it(`past ${MAX_PENDING_TOTAL} pending requests in all: 503 subscriptions_full with Retry-After, nothing written`, async () => {
		await insertRequests(MAX_PENDING_TOTAL, null, new Date().toISOString());
		const before = await subscriptionTables();
		const { response, sent } = await subscribe({ ...jsonInit({ email: "late@example.com" }) });
		expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
		await expectProblem(response, 503, "subscriptions_full");
		expect(sent).toEqual([]);
		expect(await subscriptionTables()).toEqual(before);
	});

	it(`an address at its ${MAX_PENDING_PER_ADDRESS} pending requests gets the same 202 and no new one`, async () => {
		const hash = await sha256Hex("busy@example.com");
		await insertRequests(MAX_PENDING_PER_ADDRESS, hash, new Date(Date.now() - 2 * 86_400_000).toISOString());
		const { response, sent } = await subscribe(jsonInit({ email: "busy@example.com" }));
		expect(response.status).toBe(202);
		expect(sent).toEqual([]);
		expect(await requestRows()).toHaveLength(MAX_PENDING_PER_ADDRESS);
	});

	it("concurrent subscribes of one address make one request and one confirmation", async () => {
		const results = await Promise.all(
			Array.from({ length: 6 }, () => subscribe(jsonInit({ email: "race@example.com" }))),
		);
		expect(results.map((result) => result.response.status)).toEqual(Array(6).fill(202));
		expect(results.flatMap((result) => result.sent)).toHaveLength(1);
		expect(await requestRows()).toHaveLength(1);
	});
});

describe("the guard seam", () => {
	it("runs after the input is checked and before anything is written, with the address's hash only", async () => {
		const seen: string[] = [];
		const routes = subscriptionRoutes(async (_c, { addressHash, turnstileToken }) => {
			seen.push(addressHash, String(turnstileToken));
			throw new HttpProblem("too_many_requests", "Slow down.");
		});
		const ctx = createExecutionContext();
		const response = await routes.request(
			`${BASE_URL}${PUBLIC_PATHS.subscriptions}`,
			jsonInit({ email: "guarded@example.com", "cf-turnstile-response": "turnstile-token" }),
			env,
			ctx,
		);
		await waitOnExecutionContext(ctx);
		await expectProblem(response, 429, "too_many_requests");
		expect(seen).toEqual([await sha256Hex("guarded@example.com"), "turnstile-token"]);
		expect(await requestRows()).toEqual([]);
	});
});

describe("the public route's guard (Workers rate limiting, Turnstile)", () => {
	/** No overrides: wrangler.toml's limiters, as Miniflare runs them. */
	const REAL_LIMITS: Partial<Env> = {};
	const ip = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
	const from = (client: string, body: unknown): RequestInit => {
		const init = jsonInit(body);
		return { ...init, headers: { ...(init.headers as Record<string, string>), "CF-Connecting-IP": client } };
	};

	it("answers a client's sixth subscribe in a minute 429 rate_limited, and writes nothing for it", async () => {
		const client = ip();
		for (let index = 0; index < 5; index += 1) {
			const { response } = await subscribe(
				from(client, { email: `limit-${index}-${crypto.randomUUID()}@example.com` }),
				REAL_LIMITS,
			);
			expect(response.status).toBe(202);
		}
		const before = await subscriptionTables();
		const { response, sent } = await subscribe(
			from(client, { email: `limit-6-${crypto.randomUUID()}@example.com` }),
			REAL_LIMITS,
		);
		await expectProblem(response, 429, "rate_limited");
		expect(response.headers.get("Retry-After")).toBe("60");
		expect(await subscriptionTables()).toEqual(before);
		expect(sent).toEqual([]);
	});

	it("refuses a subscribe without a Turnstile token once its secret is set: 403 turnstile_failed, nothing written", async () => {
		const before = await subscriptionTables();
		const init = from(ip(), { email: `turnstile-${crypto.randomUUID()}@example.com` });
		const response = await callWith(PUBLIC_PATHS.subscriptions, init, { TURNSTILE_SECRET_KEY: "a-secret" });
		await expectProblem(response, 403, "turnstile_failed");
		expect(await subscriptionTables()).toEqual(before);
	});
});

describe("the confirmation's sending", () => {
	it("a failed mail is retried and marks nothing sent; a later success marks it", async () => {
		const { sent } = await subscribe(jsonInit({ email: "retry@example.com" }));
		const id = sent[0]?.kind === "confirm" ? sent[0].request : "";
		const failing = recordingEmail(true);
		const failed = await consumeConfirm(id, { EMAIL: failing.binding }, { random: () => 0 });
		expect(failed.retryMessages).toHaveLength(1);
		expect(failed.explicitAcks).toEqual([]);
		expect((await requestRows())[0]?.confirmation_sent_at).toBeNull();
		const working = recordingEmail();
		await consumeConfirm(id, { EMAIL: working.binding }, {}, 2);
		expect(working.mails).toHaveLength(1);
		expect((await requestRows())[0]?.confirmation_sent_at).not.toBeNull();
	});

	it("an expired request is not mailed", async () => {
		const { sent } = await subscribe(jsonInit({ email: "late@example.com" }));
		const id = sent[0]?.kind === "confirm" ? sent[0].request : "";
		await env.DB.prepare("UPDATE subscription_requests SET expires_at = ?")
			.bind(new Date(Date.now() - 1000).toISOString())
			.run();
		const { binding, mails } = recordingEmail();
		const result = await consumeConfirm(id, { EMAIL: binding });
		expect(result.explicitAcks).toHaveLength(1);
		expect(mails).toEqual([]);
	});
});
