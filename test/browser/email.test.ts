import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchChromium, SCREENSHOTS } from "./browser.ts";

// The notification email's HTML part where a person reads it: the committed renderings
// (test/fixtures/notification-bodies/email-*.html, which test/unit/email-bodies.test.ts keeps equal
// to the renderer's) in Debian's chromium as a mail client's web view would show them (no network:
// the document must need none), checked by axe-core, read at a phone's and a desktop's width, and
// photographed (test-results/email/, or EMAIL_SCREENSHOTS=<dir>).

const SHOTS = process.env.EMAIL_SCREENSHOTS ?? join(SCREENSHOTS, "email");
const FIXTURES = join(import.meta.dirname, "..", "fixtures", "notification-bodies");
const TOKEN = "q3Xv0nYl7mH2cS9pWk4rT6uJ8bE1aD5fG0hI2jK4lMn";
const links = {
	manageUrl: `https://status.raxx.app/subscriptions/manage/${TOKEN}`,
	unsubscribeUrl: `https://status.raxx.app/subscriptions/unsubscribe/${TOKEN}`,
};

/** The renderings looked at: an incident, a window, and the most hostile texts with a word wider than a phone. */
const EMAILS = ["incident.resolved", "maintenance.started", "hostile"];

let browser: Browser;

beforeAll(async () => {
	browser = await launchChromium();
	await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
});

describe("the notification email in a browser", () => {
	for (const name of EMAILS) {
		for (const width of [375, 1280]) {
			it(`${name} at ${width} px: no axe violation, nothing fetched or run, nothing wider than the screen`, async () => {
				const html = await readFile(join(FIXTURES, `email-${name}.html`), "utf8");
				const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
				try {
					const tab = await context.newPage();
					const requests: string[] = [];
					await tab.route("**/*", (route) => {
						requests.push(route.request().url());
						return route.abort();
					});
					const dialogs: string[] = [];
					tab.on("dialog", (dialog) => {
						dialogs.push(dialog.message());
						void dialog.dismiss();
					});
					await tab.setContent(html, { waitUntil: "load" });
					expect(requests).toEqual([]);
					expect(dialogs).toEqual([]);
					const title = await tab.title();
					expect(title).toMatch(/^\[[A-Z][a-z ]+\] /);
					expect(await tab.locator("h1").textContent()).toBe(title);
					expect(await tab.getByRole("link", { name: "Unsubscribe" }).getAttribute("href")).toBe(links.unsubscribeUrl);
					expect(await tab.getByRole("link", { name: "Manage your subscription" }).getAttribute("href")).toBe(
						links.manageUrl,
					);
					expect(await tab.locator("script, img").count()).toBe(0);
					const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
					expect(overflow).toBeLessThanOrEqual(0);
					// axe runs as a script of its own: allowed on a second look at the same document.
					const scripted = await browser.newContext({ viewport: { width, height: 800 } });
					try {
						const view = await scripted.newPage();
						await view.route("**/*", (route) => route.abort());
						await view.setContent(html, { waitUntil: "load" });
						expect(await axeViolations(view)).toEqual([]);
						await view.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
					} finally {
						await scripted.close();
					}
				} finally {
					await context.close();
				}
			});
		}
	}
});
