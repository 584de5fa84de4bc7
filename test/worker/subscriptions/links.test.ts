import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { sha256Hex } from "../../../src/lib/subscription-tokens";
import { expectProblem } from "../support/http";
import { healthyUrls, jobEnv } from "../support/jobs";
import {
	callWith,
	clearAll,
	confirmThroughLink,
	jsonInit,
	pendingEmail,
	requestRows,
	subscribe,
	subscriberRows,
	subscriptionTables,
	suppressionRows,
	unsubscribePathOf,
} from "./support";

// Links that lead nowhere (unknown, expired, used, replayed after an unsubscribe) answer a clear page
// and write nothing; the cron removes what expired.

beforeEach(clearAll);

const UNKNOWN = "/subscriptions/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

async function expectPage(response: Response, status: number, words: RegExp): Promise<void> {
	expect(response.status).toBe(status);
	expect(response.headers.get("Content-Type")).toContain("text/html");
	const html = await response.text();
	expect(html).toMatch(words);
	expect(html).toContain('href="/"');
	expect(html).not.toMatch(/stack|Error:|at \w+ \(/);
}

describe("confirm links that confirm nothing", () => {
	it("an unknown or malformed token: 404 pages (problem+json when JSON is asked), nothing written", async () => {
		const before = await subscriptionTables();
		for (const path of [UNKNOWN, "/subscriptions/confirm/short", "/subscriptions/confirm/%3Cscript%3E"]) {
			await expectPage(await callWith(path), 404, /not valid/);
			await expectPage(await callWith(path, { method: "POST" }), 404, /not valid/);
		}
		await expectProblem(await callWith(UNKNOWN, { headers: { Accept: "application/json" } }), 404, "not_found");
		for (const path of [
			"/subscriptions/manage/short",
			"/subscriptions/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		]) {
			await expectPage(await callWith(path), 404, /not valid/);
			await expectPage(await callWith(path, { method: "POST" }), 404, /not valid/);
		}
		expect(await subscriptionTables()).toEqual(before);
	});

	it("a used token: the second confirm is a 404 page and makes no second subscriber", async () => {
		const { confirmPath } = await pendingEmail("twice@example.com");
		await confirmThroughLink(confirmPath);
		await expectPage(await callWith(confirmPath, { method: "POST" }), 404, /already used/);
		await expectPage(await callWith(confirmPath), 404, /already used/);
		expect(await subscriberRows()).toHaveLength(1);
	});

	it("an expired token: 410 pages, no subscriber", async () => {
		const { confirmPath } = await pendingEmail("slow@example.com");
		await env.DB.prepare("UPDATE subscription_requests SET expires_at = ?")
			.bind(new Date(Date.now() - 1000).toISOString())
			.run();
		await expectPage(await callWith(confirmPath), 410, /expired/);
		await expectPage(await callWith(confirmPath, { method: "POST" }), 410, /expired/);
		expect(await subscriberRows()).toEqual([]);
	});

	it("a link replayed after the address unsubscribed: refused (410), nothing subscribed", async () => {
		const { confirmPath } = await pendingEmail("gone@example.com");
		await env.DB.prepare("INSERT INTO subscription_suppressions (address_hash, created_at) VALUES (?, ?)")
			.bind(await sha256Hex("gone@example.com"), new Date(Date.now() + 1).toISOString())
			.run();
		await expectPage(await callWith(confirmPath, { method: "POST" }), 410, /unsubscribed after/);
		expect(await subscriberRows()).toEqual([]);
	});

	it("unsubscribing suppresses the address; a later request (after the window) confirms and clears the suppression", async () => {
		const { confirmPath } = await pendingEmail("back@example.com");
		const { managePath } = await confirmThroughLink(confirmPath);
		expect((await callWith(unsubscribePathOf(managePath), { method: "POST" })).status).toBe(200);
		expect(await suppressionRows()).toHaveLength(1);
		// The window of one confirmation per address per day: only a request from before it is in the way.
		await env.DB.prepare("UPDATE subscription_requests SET created_at = '2000-01-01T00:00:00.000Z'").run();
		const again = await pendingEmail("back@example.com");
		await confirmThroughLink(again.confirmPath);
		expect(await subscriberRows()).toHaveLength(1);
		expect(await suppressionRows()).toEqual([]);
	});
});

describe("the cron", () => {
	it("deletes expired requests and keeps pending ones", async () => {
		await subscribe(jsonInit({ email: "keep@example.com" }));
		await subscribe(jsonInit({ email: "drop@example.com" }));
		await env.DB.prepare("UPDATE subscription_requests SET expires_at = ? WHERE address = 'drop@example.com'")
			.bind(new Date(Date.now() - 1000).toISOString())
			.run();
		const ctx = createExecutionContext();
		await worker.scheduled(
			createScheduledController({ scheduledTime: new Date(), cron: "* * * * *" }),
			jobEnv(await healthyUrls()),
			ctx,
		);
		await waitOnExecutionContext(ctx);
		expect((await requestRows()).map((row) => row.address)).toEqual(["keep@example.com"]);
	});
});
