import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SURFACES } from "../../src/surfaces/registry.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { axeViolations, launchChromium, screenshot, visit } from "./browser.ts";

// Subscribing where a person does it: the page's form in chromium with JavaScript off, the mail that
// Email Service's local simulation writes, its confirm link, the manage page and the unsubscribe button.
// Every page is checked by axe-core and photographed (test-results/subscribe-*.png).

const root = join(import.meta.dirname, "..", "..");
let worker: LocalWorker;
let browser: Browser;

/** Every partner page and probe target at a closed port of 127.0.0.1: nothing leaves the machine. */
function nowhere(): Record<string, string> {
	const closed = "http://127.0.0.1:9/";
	const ids = (has: (surface: (typeof SURFACES)[number]) => boolean) =>
		Object.fromEntries(SURFACES.filter(has).map((surface) => [surface.id, closed]));
	return {
		STATUS_PARTNER_URLS: JSON.stringify(ids((surface) => "poll" in surface)),
		STATUS_PROBE_URLS: JSON.stringify(ids((surface) => "probe" in surface && surface.probe !== undefined)),
	};
}

beforeAll(async () => {
	worker = await startLocalWorker(nowhere());
	browser = await launchChromium();
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await worker?.stop();
});

/** The confirm link of the mail the local Email Service wrote (its text part's file, named in the log). */
async function mailedConfirmPath(): Promise<string> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const file = /Text: (\S+\.txt)/.exec(worker.output())?.[1];
		if (file) {
			const text = await readFile(isAbsolute(file) ? file : join(root, file), "utf8");
			const link = /https?:\/\/\S+(\/subscriptions\/confirm\/[A-Za-z0-9_-]{43})/.exec(text)?.[1];
			if (link) return link;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`no confirmation mail in the Worker's output:\n${worker.output().slice(-3000)}`);
}

/** The page's heading as its text. */
const heading = async (page: Page) => ((await page.locator("h1").textContent()) ?? "").trim();

/**
 * axe-core and a screenshot of the page as the JavaScript-less browser got it: axe needs script, so the
 * same HTML is served at the same URL to a browser with script (the pages have none of their own).
 */
async function checked(page: Page, name: string): Promise<void> {
	const html = await page.content();
	const url = page.url();
	const context = await browser.newContext({ viewport: page.viewportSize() ?? { width: 1280, height: 900 } });
	const copy = await context.newPage();
	await copy.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
	await copy.goto(url, { waitUntil: "load" });
	expect(await axeViolations(copy), name).toEqual([]);
	expect(await copy.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		copy.viewportSize()?.width ?? 1280,
	);
	await screenshot(copy, `subscribe-${name}`);
	await context.close();
}

describe("subscribing from the page with JavaScript off", () => {
	it("the form, the mailed confirm link, the manage page and the unsubscribe button each work and pass axe", async () => {
		const { page, problems } = await visit(browser, worker.origin, { javaScriptEnabled: false });
		await page.getByRole("link", { name: "Get notified of incidents by email" }).click();
		expect(page.url()).toMatch(/#subscribe$/);
		await page.getByLabel("Email address").fill("reader@example.com");
		await page.getByRole("button", { name: "Subscribe" }).click();
		await page.locator("h1", { hasText: "Check your inbox" }).waitFor();
		await checked(page, "check-inbox");
		const home = await visit(browser, `${worker.origin}/#subscribe`);
		await checked(home.page, "home");
		await home.page.context().close();

		const confirmPath = await mailedConfirmPath();
		await page.goto(`${worker.origin}${confirmPath}`);
		expect(await heading(page)).toBe("Confirm your subscription");
		await checked(page, "confirm");
		await page.getByRole("button", { name: "Confirm" }).click();
		await page.locator("h1", { hasText: "You are subscribed" }).waitFor();
		await checked(page, "confirmed");

		await page.getByRole("link", { name: "Manage your subscription" }).click();
		expect(await heading(page)).toBe("Manage your subscription");
		await page.getByLabel("Login and sign-up").check();
		await page.getByRole("button", { name: "Save" }).click();
		await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
		expect(await page.getByLabel("Login and sign-up").isChecked()).toBe(true);
		await checked(page, "manage");

		await page.getByRole("button", { name: "Unsubscribe" }).click();
		await page.locator("h1", { hasText: "You are unsubscribed" }).waitFor();
		await checked(page, "unsubscribed");

		expect(problems).toEqual([]);
		// The same confirm link again: a clear page, no trace.
		const used = await page.goto(`${worker.origin}${confirmPath}`);
		expect(used?.status()).toBe(404);
		expect(await heading(page)).toBe("This link is not valid");
		await checked(page, "used-link");
		await page.context().close();
	});
});
