import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmailLinks, renderEmail } from "../../src/domain/notifications/bodies/email.ts";
import type { NotificationEvent, PageSubject } from "../../src/domain/notifications/event.ts";
import { axeViolations, launchChromium, SCREENSHOTS } from "./browser.ts";

// The notification email's HTML part where a person reads it: rendered in Debian's chromium as a
// mail client's web view would (no network: the document must need none), checked by axe-core,
// read at a phone's and a desktop's width, and photographed (test-results/email/, or
// EMAIL_SCREENSHOTS=<dir>).

const SHOTS = process.env.EMAIL_SCREENSHOTS ?? join(SCREENSHOTS, "email");
const HOSTILE = `<script>alert(1)</script> "><img src=x onerror=alert(1)> & Averyveryverylongwordwithnohyphenthatnonarrowcolumncanholdonitsownline`;
const page: PageSubject = { id: "raxx-status", name: "Raxx Status", url: "https://status.raxx.app/" };
const TOKEN = "q3Xv0nYl7mH2cS9pWk4rT6uJ8bE1aD5fG0hI2jK4lMn";
const links: EmailLinks = {
	pageUrl: page.url,
	manageUrl: `https://status.raxx.app/subscriptions/manage/${TOKEN}`,
	unsubscribeUrl: `https://status.raxx.app/subscriptions/unsubscribe/${TOKEN}`,
};

const EMAILS: Record<string, NotificationEvent> = {
	"incident-resolved": {
		id: "evt_1",
		type: "incident.resolved",
		occurredAt: "2026-12-03T09:15:01.000Z",
		sequence: 3,
		page,
		subject: {
			kind: "incident",
			id: "inc_00042",
			title: "Deposits: major outage",
			status: "resolved",
			severity: "down",
			openedAt: "2026-12-03T08:00:00.000Z",
			resolvedAt: "2026-12-03T09:15:00.000Z",
			url: "https://status.raxx.app/incidents/inc_00042",
			updates: [
				{
					id: "upd_1",
					status: "resolved",
					severity: "down",
					body: "Deposits work again & every delayed one is credited.",
					at: "2026-12-03T09:15:00.000Z",
				},
			],
			surfaces: [
				{ id: "deposits", name: "Deposits", state: "OPERATIONAL" },
				{ id: "withdrawals", name: "Withdrawals", state: "OPERATIONAL" },
			],
		},
	},
	"maintenance-started": {
		id: "evt_2",
		type: "maintenance.started",
		occurredAt: "2026-12-06T02:00:01.000Z",
		sequence: 2,
		page,
		subject: {
			kind: "maintenance",
			id: "mnt_00007",
			title: "Database upgrade",
			publicNote: "Trading stays open; deposits pause for up to 30 minutes.",
			status: "in_progress",
			startsAt: "2026-12-06T02:00:00.000Z",
			endsAt: "2026-12-06T03:00:00.000Z",
			startedAt: "2026-12-06T02:00:00.000Z",
			endedAt: null,
			url: page.url,
			surfaces: [{ id: "deposits", name: "Deposits", state: "MAINTENANCE" }],
		},
	},
	"surface-hostile": {
		id: "evt_3",
		type: "surface.state_changed",
		occurredAt: "2026-12-03T10:00:01.000Z",
		sequence: 7,
		page: { ...page, name: HOSTILE.slice(0, 80) },
		subject: {
			kind: "surface",
			surface: {
				id: "login",
				name: HOSTILE.slice(0, 80),
				state: "DOWN",
				publicNote: HOSTILE,
				since: "2026-12-03T10:00:00.000Z",
			},
			previousState: "OPERATIONAL",
		},
	},
};

let browser: Browser;

beforeAll(async () => {
	browser = await launchChromium();
	await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
	await browser?.close();
});

describe("the notification email in a browser", () => {
	for (const [name, event] of Object.entries(EMAILS)) {
		for (const width of [375, 1280]) {
			it(`${name} at ${width} px: no axe violation, nothing fetched or run, nothing wider than the screen`, async () => {
				const email = renderEmail(event, links);
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
					await tab.setContent(email.html, { waitUntil: "load" });
					expect(requests).toEqual([]);
					expect(dialogs).toEqual([]);
					expect(await tab.title()).toBe(email.subject);
					expect(await tab.locator("h1").textContent()).toBe(email.subject);
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
						await view.setContent(email.html, { waitUntil: "load" });
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
