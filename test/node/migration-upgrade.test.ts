import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A migration that rebuilds a table (SQLite cannot change a CHECK in place) copies its rows into the
// new table; drizzle-kit writes that copy, and a copy that names a column the old table lacks fails
// only on a database that has rows. Here the migrations run on local D1 one by one, with rows written
// between them as the Worker of that time would have.
const root = join(import.meta.dirname, "..", "..");

let mf: Miniflare;
let db: Awaited<ReturnType<Miniflare["getD1Database"]>>;

async function migration(prefix: string): Promise<string[]> {
	const name = (await readdir(join(root, "drizzle"))).find((file) => file.startsWith(prefix));
	if (!name) throw new Error(`no migration ${prefix}`);
	const text = await readFile(join(root, "drizzle", name), "utf8");
	return text
		.split("--> statement-breakpoint")
		.map((statement) => statement.trim())
		.filter(Boolean);
}

async function applyUpTo(last: number, from = 0): Promise<void> {
	for (let number = from; number <= last; number += 1) {
		const statements = await migration(String(number).padStart(4, "0"));
		await db.batch(statements.map((statement) => db.prepare(statement)));
	}
}

beforeAll(async () => {
	mf = new Miniflare(
		convertV4MiniflareOptions({
			host: "127.0.0.1",
			port: 0,
			workers: [
				{
					name: "db",
					modules: true,
					script: "export default { fetch() { return new Response(null, { status: 204 }); } }",
					d1Databases: ["DB"],
				},
			],
		}),
	);
	db = await mf.getD1Database("DB", "db");
});

afterAll(async () => {
	await mf?.dispose();
});

describe("migrating a database with rows", () => {
	it("keeps operators' subscribers and their deliveries through the rebuild of notification_subscribers", async () => {
		await applyUpTo(12);
		await db.batch([
			db.prepare(
				`INSERT INTO notification_subscribers (id, kind, name, url, events, surface_ids, enabled, secret, consecutive_failures, created_at, updated_at)
					VALUES ('sub_a', 'webhook', 'Ops', 'https://hooks.example.org/a', '["incident.created"]', '["login"]', 1, 'whsec_AAAA', 2, '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z')`,
			),
			db.prepare(
				`INSERT INTO notification_subscribers (id, kind, name, url, events, enabled, disabled_reason, consecutive_failures, created_at, updated_at)
					VALUES ('sub_b', 'slack', 'Chat', 'https://hooks.slack.com/services/T1/B1/C1', '["incident.created"]', 0, 'gone', 0, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`,
			),
			db.prepare(
				`INSERT INTO notification_deliveries (id, event_id, subscriber_id, status, attempts, created_at, updated_at)
					VALUES ('msg_1', 'evt_1', 'sub_a', 'pending', 1, '2026-11-02T00:00:00.000Z', '2026-11-02T00:00:00.000Z')`,
			),
		]);

		await applyUpTo(13, 13);

		const subscribers = await db
			.prepare(
				"SELECT id, kind, url, surface_ids, enabled, disabled_reason, secret, consecutive_failures, origin, manage_token_hash, updated_at FROM notification_subscribers ORDER BY id",
			)
			.all();
		expect(subscribers.results).toEqual([
			{
				id: "sub_a",
				kind: "webhook",
				url: "https://hooks.example.org/a",
				surface_ids: '["login"]',
				enabled: 1,
				disabled_reason: null,
				secret: "whsec_AAAA",
				consecutive_failures: 2,
				origin: "operator",
				manage_token_hash: null,
				updated_at: "2026-11-02T00:00:00.000Z",
			},
			{
				id: "sub_b",
				kind: "slack",
				url: "https://hooks.slack.com/services/T1/B1/C1",
				surface_ids: null,
				enabled: 0,
				disabled_reason: "gone",
				secret: null,
				consecutive_failures: 0,
				origin: "operator",
				manage_token_hash: null,
				updated_at: "2026-11-01T00:00:00.000Z",
			},
		]);
		const deliveries = await db.prepare("SELECT id, subscriber_id, status FROM notification_deliveries").all();
		expect(deliveries.results).toEqual([{ id: "msg_1", subscriber_id: "sub_a", status: "pending" }]);
		// The rebuilt table keeps its rules: a self-service row needs its manage token's hash.
		await expect(
			db
				.prepare(
					`INSERT INTO notification_subscribers (id, kind, name, url, events, origin, created_at, updated_at)
					VALUES ('sub_c', 'email', 'Someone', 'mailto:a@b.example', '[]', 'self_service', 'x', 'x')`,
				)
				.run(),
		).rejects.toThrow(/CHECK constraint failed/);
	});
});
