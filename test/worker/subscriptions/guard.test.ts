import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../../src/http/app-env";
import { createRouter } from "../../../src/http/router";
import {
	guardSubscription,
	SUBSCRIBE_TURNSTILE_ACTION,
	TURNSTILE_FORM_FIELD,
	TURNSTILE_JSON_FIELD,
	turnstileTokenOf,
} from "../../../src/http/subscriptions/guard";
import { SITEVERIFY_DEADLINE_MS } from "../../../src/integrations/turnstile/siteverify";
import { sha256Hex } from "../../../src/lib/subscription-tokens";
import { expectProblem } from "../support/http";

// The guard the public subscribe route runs before it writes, on a route of this test's own: a
// request it lets through writes a subscription_requests row, so every refusal is shown to write
// nothing. The rate limits are Miniflare's real bindings (wrangler.toml: 5 a minute per client, 2 per
// address); siteverify is the stand-in server on 127.0.0.1.

const SECRET = "test-turnstile-secret-0123456789";
const TOKEN = "XXXX.DUMMY.TOKEN.turnstile-token-under-test";

/** The subscribe route's shape: JSON or form, the guard, then the write. */
const app = createRouter().post("/subscribe", async (c) => {
	const form = c.req.header("Content-Type")?.startsWith("application/x-www-form-urlencoded");
	const fields: Record<string, unknown> = form ? await c.req.parseBody() : await c.req.json();
	const address = String(fields.email);
	const addressHash = await sha256Hex(address);
	await guardSubscription(c, { addressHash, turnstileToken: turnstileTokenOf(fields) });
	const now = new Date().toISOString();
	await c.env.DB.prepare(
		`INSERT INTO subscription_requests (id, kind, address, address_hash, token_hash, expires_at, created_at)
		VALUES (?, 'email', ?, ?, ?, ?, ?)`,
	)
		.bind(`sreq_${crypto.randomUUID()}`, address, addressHash, await sha256Hex(crypto.randomUUID()), now, now)
		.run();
	return c.body(null, 202);
});

type TestEnv = AppEnv["Bindings"];

/** An answer of the stand-in server (scripts/stand-in-server.ts, ScriptedResponse). */
interface ScriptedResponse {
	status?: number;
	body?: string;
	contentType?: string;
	delayMs?: number;
	padBytes?: number;
}

/** What siteverify answers: success (with the widget's action), or failure with its error codes. */
function siteverifyAnswer(success: boolean, errorCodes: string[] = [], action = "subscribe"): ScriptedResponse {
	const answer = success
		? { success, "error-codes": [], challenge_ts: new Date().toISOString(), hostname: "status.raxx.app", action }
		: { success, "error-codes": errorCodes };
	return { body: JSON.stringify(answer) };
}

/** Each test its own client addresses and email addresses: the limiters keep counting across tests. */
let serial = 0;
const freshIp = () => {
	serial += 1;
	return `198.51.${Math.floor(Math.random() * 200)}.${serial % 250}`;
};
const freshAddress = () => `person-${crypto.randomUUID()}@example.org`;

function subscribe(
	testEnv: TestEnv,
	fields: Record<string, string>,
	options: { ip?: string | null; form?: boolean } = {},
): Promise<Response> {
	const headers = new Headers({
		"Content-Type": options.form ? "application/x-www-form-urlencoded" : "application/json",
	});
	if (options.ip !== null) headers.set("CF-Connecting-IP", options.ip ?? freshIp());
	const body = options.form ? new URLSearchParams(fields).toString() : JSON.stringify(fields);
	return Promise.resolve(app.request("/subscribe", { method: "POST", headers, body }, testEnv));
}

async function requestRows(): Promise<number> {
	const row = await env.DB.prepare("SELECT count(*) AS n FROM subscription_requests").first<{ n: number }>();
	return row?.n ?? 0;
}

/** A request that must be refused with `status`/`code`, writing nothing. */
async function refused(response: Promise<Response>, status: number, code: string) {
	const before = await requestRows();
	const answer = await response;
	const retryAfter = answer.headers.get("Retry-After");
	const problem = await expectProblem(answer, status, code);
	expect(await requestRows()).toBe(before);
	answers.push(JSON.stringify(problem));
	return { problem, retryAfter };
}

interface Received {
	headers: Record<string, string>;
	body: string;
}

/** A siteverify stand-in answering `responses` in turn, and what it was sent. */
async function siteverify(...responses: ScriptedResponse[]) {
	const key = `turnstile-${crypto.randomUUID()}`;
	const put = await fetch(`${env.PARTNER_SERVER}/script/${key}`, { method: "PUT", body: JSON.stringify(responses) });
	if (put.status !== 204) throw new Error(`scripting the stand-in failed: ${put.status}`);
	return {
		url: `${env.PARTNER_SERVER}/script/${key}`,
		received: async () => (await fetch(`${env.PARTNER_SERVER}/received/${key}`)).json<Received[]>(),
	};
}

const turnstileOn = (url: string): TestEnv => ({ ...env, TURNSTILE_SECRET_KEY: SECRET, TURNSTILE_VERIFY_URL: url });

const logged: string[] = [];
const answers: string[] = [];
beforeEach(async () => {
	await env.DB.prepare("DELETE FROM subscription_requests").run();
	logged.length = 0;
	answers.length = 0;
	for (const method of ["log", "warn", "error", "info", "debug"] as const) {
		vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			logged.push(args.map(String).join(" "));
		});
	}
});
afterEach(() => {
	// Neither the token nor the secret is in any answer or log line, whatever the test did.
	const everything = [...answers, ...logged].join("\n");
	expect(everything).not.toContain("turnstile-token-under-test");
	expect(everything).not.toContain(SECRET);
	vi.restoreAllMocks();
});

describe("the rate limits (SUBSCRIBE_CLIENT_LIMITER, SUBSCRIBE_ADDRESS_LIMITER)", () => {
	it("lets a client make 5 requests a minute, then answers 429 rate_limited with Retry-After; another client goes on", async () => {
		const ip = freshIp();
		for (let request = 0; request < 5; request += 1) {
			expect((await subscribe(env, { email: freshAddress() }, { ip })).status).toBe(202);
		}
		const { problem, retryAfter } = await refused(
			subscribe(env, { email: freshAddress() }, { ip }),
			429,
			"rate_limited",
		);
		expect(retryAfter).toBe("60");
		expect(problem.detail).toContain("nothing was written");
		expect(logged.join("\n")).toContain('"event":"subscribe_rate_limited","limiter":"client"');
		expect(logged.join("\n")).not.toContain(ip);
		expect((await subscribe(env, { email: freshAddress() })).status).toBe(202);
		expect(await requestRows()).toBe(6);
	});

	it("lets an address be asked for twice a minute, from any clients, then 429 in the same words; another address goes on", async () => {
		const address = freshAddress();
		expect((await subscribe(env, { email: address })).status).toBe(202);
		expect((await subscribe(env, { email: address })).status).toBe(202);
		const { problem, retryAfter } = await refused(subscribe(env, { email: address }), 429, "rate_limited");
		expect(retryAfter).toBe("60");
		// The same words as the client's limit: the answer tells nothing about the address.
		expect(problem.detail).toBe(
			"Too many subscription requests; retry after Retry-After seconds; nothing was written.",
		);
		expect(answers.join("\n")).not.toContain(address);
		expect(logged.join("\n")).not.toContain(address);
		expect(logged.join("\n")).not.toContain(await sha256Hex(address));
		expect((await subscribe(env, { email: freshAddress() })).status).toBe(202);
	});

	it("counts no client without CF-Connecting-IP (the edge always sets it), but still each address", async () => {
		for (let request = 0; request < 7; request += 1) {
			expect((await subscribe(env, { email: freshAddress() }, { ip: null })).status).toBe(202);
		}
		const address = freshAddress();
		await subscribe(env, { email: address }, { ip: null });
		await subscribe(env, { email: address }, { ip: null });
		await refused(subscribe(env, { email: address }, { ip: null }), 429, "rate_limited");
	});
});

describe("Turnstile", () => {
	it("is off while TURNSTILE_SECRET_KEY is empty: no token needed, siteverify never asked", async () => {
		const stand = await siteverify(siteverifyAnswer(false, ["invalid-input-response"]));
		const off = { ...env, TURNSTILE_SECRET_KEY: "", TURNSTILE_VERIFY_URL: stand.url };
		expect(env.TURNSTILE_SECRET_KEY).toBe("");
		expect((await subscribe(off, { email: freshAddress() })).status).toBe(202);
		expect((await subscribe({ ...off, TURNSTILE_SECRET_KEY: "  " }, { email: freshAddress() })).status).toBe(202);
		expect((await subscribe(off, { email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN })).status).toBe(202);
		expect(await stand.received()).toEqual([]);
	});

	it("lets a token siteverify passes through, having posted the secret, the token, the client's IP and an idempotency key form-encoded", async () => {
		const stand = await siteverify(siteverifyAnswer(true));
		const ip = freshIp();
		const answer = await subscribe(
			turnstileOn(stand.url),
			{ email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN },
			{ ip },
		);
		expect(answer.status).toBe(202);
		const [sent, ...more] = await stand.received();
		expect(more).toEqual([]);
		expect(sent?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
		const form = new URLSearchParams(sent?.body);
		expect(form.get("secret")).toBe(SECRET);
		expect(form.get("response")).toBe(TOKEN);
		expect(form.get("remoteip")).toBe(ip);
		expect(form.get("idempotency_key")).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
		);
		expect(await requestRows()).toBe(1);
	});

	it("takes the widget's own form field, cf-turnstile-response, from a form post", async () => {
		const stand = await siteverify(siteverifyAnswer(true));
		const fields = { email: freshAddress(), [TURNSTILE_FORM_FIELD]: TOKEN };
		expect((await subscribe(turnstileOn(stand.url), fields, { form: true })).status).toBe(202);
		expect(new URLSearchParams((await stand.received())[0]?.body).get("response")).toBe(TOKEN);
	});

	it("refuses a request without a token (or a blank one) with 403 turnstile_failed, asking siteverify nothing", async () => {
		const stand = await siteverify(siteverifyAnswer(true));
		const on = turnstileOn(stand.url);
		const { problem } = await refused(subscribe(on, { email: freshAddress() }), 403, "turnstile_failed");
		expect(problem.detail).toContain(TURNSTILE_JSON_FIELD);
		expect(problem.detail).toContain(TURNSTILE_FORM_FIELD);
		await refused(subscribe(on, { email: freshAddress(), [TURNSTILE_JSON_FIELD]: "   " }), 403, "turnstile_failed");
		await refused(
			subscribe(on, { email: freshAddress(), [TURNSTILE_FORM_FIELD]: "" }, { form: true }),
			403,
			"turnstile_failed",
		);
		expect(await stand.received()).toEqual([]);
	});

	it("refuses a token siteverify does not pass (used, forged, another form's action) with 403, never echoing it", async () => {
		for (const answer of [
			siteverifyAnswer(false, ["timeout-or-duplicate"]),
			siteverifyAnswer(false, ["invalid-input-response"]),
			siteverifyAnswer(true, [], "login"),
		]) {
			const stand = await siteverify(answer);
			const { problem } = await refused(
				subscribe(turnstileOn(stand.url), { email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN }),
				403,
				"turnstile_failed",
			);
			expect(problem.detail).toContain("not passed");
			expect(await stand.received()).toHaveLength(1);
		}
		expect(logged.join("\n")).toContain('"event":"turnstile_refused","error_codes":["timeout-or-duplicate"]');
		expect(logged.join("\n")).toContain('"error_codes":["action-mismatch"]');
		// The widget on the subscribe form says which action it is for.
		expect(SUBSCRIBE_TURNSTILE_ACTION).toBe("subscribe");
	});

	it("refuses a token longer than Turnstile's longest (2048) without asking", async () => {
		const stand = await siteverify(siteverifyAnswer(true));
		const long = `${"x".repeat(2049)}`;
		await refused(
			subscribe(turnstileOn(stand.url), { email: freshAddress(), [TURNSTILE_JSON_FIELD]: long }),
			403,
			"turnstile_failed",
		);
		expect(await stand.received()).toEqual([]);
	});

	it("answers 503 turnstile_unavailable (not 500) when siteverify fails: a 500 (retried once, same idempotency key), our secret refused, no JSON, too large", async () => {
		const cases: [ScriptedResponse[], number, string][] = [
			[[{ status: 500, body: "oops" }], 2, "HTTP 500"],
			[[siteverifyAnswer(false, ["invalid-input-secret"])], 1, "siteverify answered invalid-input-secret"],
			[[{ status: 200, body: "<html>Just a moment...</html>", contentType: "text/html" }], 1, "not JSON"],
			[[{ status: 200, body: "{}", padBytes: 64 * 1024 }], 1, "larger than"],
		];
		for (const [responses, posts, reason] of cases) {
			const stand = await siteverify(...responses);
			const { problem, retryAfter } = await refused(
				subscribe(turnstileOn(stand.url), { email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN }),
				503,
				"turnstile_unavailable",
			);
			expect(retryAfter).toBe("5");
			expect(problem.detail).not.toContain(reason);
			const sent = await stand.received();
			expect(sent, reason).toHaveLength(posts);
			const keys = new Set(sent.map((one) => new URLSearchParams(one.body).get("idempotency_key")));
			expect(keys.size).toBe(1);
			expect(logged.join("\n")).toContain(reason);
		}
		expect(logged.join("\n")).not.toContain(env.PARTNER_SERVER);
	});

	it("answers 503 turnstile_unavailable when siteverify cannot be reached at all", async () => {
		// A port nothing listens on: the connection is refused at once.
		const closed = "http://127.0.0.1:1/siteverify";
		const started = Date.now();
		const { retryAfter } = await refused(
			subscribe(turnstileOn(closed), { email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN }),
			503,
			"turnstile_unavailable",
		);
		expect(retryAfter).toBe("5");
		expect(Date.now() - started).toBeLessThan(SITEVERIFY_DEADLINE_MS + 1000);
		expect(logged.join("\n")).toContain('"event":"turnstile_unavailable"');
		expect(logged.join("\n")).not.toContain("127.0.0.1:1/");
	});

	it("passes on a retry after a failed first answer", async () => {
		const stand = await siteverify({ status: 502, body: "bad gateway" }, siteverifyAnswer(true));
		const answer = await subscribe(turnstileOn(stand.url), { email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN });
		expect(answer.status).toBe(202);
		expect(await stand.received()).toHaveLength(2);
	});

	it("gives up on a slow siteverify at its deadline with 503, and does not try again", async () => {
		const stand = await siteverify({ ...siteverifyAnswer(true), delayMs: SITEVERIFY_DEADLINE_MS + 2000 });
		const started = Date.now();
		const { problem } = await refused(
			subscribe(turnstileOn(stand.url), { email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN }),
			503,
			"turnstile_unavailable",
		);
		const waited = Date.now() - started;
		expect(waited).toBeGreaterThanOrEqual(SITEVERIFY_DEADLINE_MS - 100);
		expect(waited).toBeLessThan(SITEVERIFY_DEADLINE_MS + 1500);
		expect(problem.detail).toContain("retry after");
		expect(await stand.received()).toHaveLength(1);
		expect(logged.join("\n")).toContain(`timed out after ${SITEVERIFY_DEADLINE_MS} ms`);
	});

	it("checks the client's limit before asking siteverify, and counts only passed requests against the address", async () => {
		const refusing = await siteverify(siteverifyAnswer(false, ["invalid-input-response"]));
		const address = freshAddress();
		// Three refusals by Turnstile for one address (its limit is 2) use none of that address's allowance.
		for (let request = 0; request < 3; request += 1) {
			await refused(
				subscribe(turnstileOn(refusing.url), { email: address, [TURNSTILE_JSON_FIELD]: TOKEN }),
				403,
				"turnstile_failed",
			);
		}
		const passing = await siteverify(siteverifyAnswer(true));
		expect((await subscribe(turnstileOn(passing.url), { email: address, [TURNSTILE_JSON_FIELD]: TOKEN })).status).toBe(
			202,
		);

		const ip = freshIp();
		for (let request = 0; request < 5; request += 1) {
			await subscribe(turnstileOn(passing.url), { email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN }, { ip });
		}
		const asked = (await passing.received()).length;
		await refused(
			subscribe(turnstileOn(passing.url), { email: freshAddress(), [TURNSTILE_JSON_FIELD]: TOKEN }, { ip }),
			429,
			"rate_limited",
		);
		expect(await passing.received()).toHaveLength(asked);
	});
});
