import { env } from "cloudflare:workers";
import { beforeAll, expect, it } from "vitest";
import { type DeliveryFilter, deliveryPageQuery } from "../../../src/db/notifications/delivery-listings";
import { subscriberPageQuery } from "../../../src/db/notifications/subscribers";
import type { SQL } from "../../../src/db/sql";
import { clearTables } from "../support/tables";

// The operators' listings read a page, not the table: each walks an index in the order it answers,
// on a table with many deliveries and fresh statistics.

beforeAll(async () => {
	await clearTables();
	await env.DB.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
		INSERT INTO notification_deliveries (id, event_id, subscriber_id, status, attempts, created_at, updated_at)
		SELECT printf('msg_%05d', i), printf('evt_%05d', i / 10), printf('sub_%02d', i % 10),
			CASE i % 3 WHEN 0 THEN 'failed' WHEN 1 THEN 'delivered' ELSE 'pending' END, 1,
			strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (i / 2) || ' minutes'), 'x' FROM n`).run();
	await env.DB.exec("ANALYZE");
});

async function plan(query: SQL): Promise<string[]> {
	const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.text}`)
		.bind(...query.params)
		.all<{ detail: string }>();
	return results.map((row) => row.detail);
}

it.each([
	["all", null, "notification_deliveries_created_idx"],
	["one status", { status: "failed" }, "notification_deliveries_status_created_idx"],
	["one subscriber", { subscriberId: "sub_03" }, "notification_deliveries_subscriber_idx"],
] as [string, DeliveryFilter, string][])(
	"deliveries of %s: a walk of its index, no sort",
	async (_name, filter, index) => {
		for (const after of [null, "msg_01500"]) {
			const steps = await plan(deliveryPageQuery(filter, after, 50));
			const walk = steps.find((step) => step.includes("notification_deliveries AS d") || step.includes(" d "));
			expect(walk, steps.join("\n")).toContain(`INDEX ${index}`);
			expect(steps.join("\n")).not.toMatch(/TEMP B-TREE/);
			expect(
				steps.filter((step) => /^SCAN d\b/.test(step) && !step.includes("INDEX")),
				steps.join("\n"),
			).toEqual([]);
			// From the cursor on: the page after it is a range of the index, not a walk from the newest.
			if (after !== null) expect(walk).toMatch(/\(created_at,id\)<\(\?,\?\)|created_at<\?/);
		}
	},
);

it("subscribers: a walk of the primary key from the cursor", async () => {
	for (const after of [null, "sub_05"]) {
		const steps = await plan(subscriberPageQuery(after, 50));
		expect(steps.join("\n")).toMatch(/INDEX sqlite_autoindex_notification_subscribers_1/);
		expect(steps.join("\n")).not.toMatch(/TEMP B-TREE/);
	}
});
