import { createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseEnv } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SURFACES } from "../../src/surfaces/registry.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { axeViolations, launchChromium, screenshot, visit } from "./browser.ts";

// The status page where a person sees it - Debian's chromium, against the Worker as
// `npm start` runs it. Each state is written the way production writes it (the internal API, the
// FreeScout relay), then read off the screen, checked by axe-core, and photographed in light and
// dark at 1280 and 375 px (test-results/, git-ignored).

const root = join(import.meta.dirname, "..", "..");
const DAY = 86_400_000;
const HOSTILE = `<script>alert(1)</script> "><img src=x onerror=alert(1)> & done`;

let worker: LocalWorker;
let browser: Browser;
let webhookSecret: string;

interface PublicBoard {
	overall: { state: string; description: string };
	surfaces: { id: string; name: string; state: string }[];
}

async function internal(method: string, path: string, body: unknown): Promise<void> {
	const response = await fetch(`${worker.origin}${path}`, {
		method,
		headers: { "Content-Type": "application/json", "X-Internal-Status-Token": worker.token },
		body: JSON.stringify(body),
	});
	if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

const setState = (surfaceId: string, state: string, note?: string) =>
	internal("POST", "/api/internal/status/update-surface", {
		surface_id: surfaceId,
		state,
		state_source: "manual",
		actor: "browser-test",
		...(note === undefined ? {} : { public_note: note }),
	});

/** A ticket event through the FreeScout relay, signed as the relay signs it. */
async function ticket(id: number, fields: { status: string; note: string; severity: string; incidentStatus?: string }) {
	const updatedAt = new Date().toISOString();
	const body = JSON.stringify({
		event: "conversation.updated",
		event_id: `evt-${id}-${updatedAt}`,
		ticket: {
			id,
			status: fields.status,
			updated_at: updatedAt,
			custom_fields: [
				{ slug: "component_tag", value: "order-placement" },
				{ slug: "public_status", value: fields.note },
				{ slug: "incident_severity", value: fields.severity },
				...(fields.incidentStatus ? [{ slug: "incident_status", value: fields.incidentStatus }] : []),
			],
		},
	});
	const signature = `sha256=${createHmac("sha256", webhookSecret).update(body).digest("hex")}`;
	const response = await fetch(`${worker.origin}/api/internal/status/freescout-webhook`, {
		method: "POST",
		headers: { "Content-Type": "application/json", "X-FreeScout-Signature": signature },
		body,
	});
	if (response.status !== 200) throw new Error(`webhook: ${response.status} ${await response.text()}`);
}

async function board(): Promise<PublicBoard> {
	return (await fetch(`${worker.origin}/api/status/public/surfaces`)).json() as Promise<PublicBoard>;
}

/** The text as rendered (innerText: blocks apart, hidden text left out), white space squashed. */
const text = async (page: Page, selector: string) =>
	// biome-ignore lint/performance/useDomNodeTextContent: what a person sees is the point here.
	(await page.locator(selector).first().innerText()).replace(/\s+/g, " ").trim();

/** The state of a surface's row as shown, and its note in the list of surfaces not operational. */
async function surfaceOnScreen(page: Page, name: string) {
	const row = page.locator("li.surface").filter({ has: page.locator("h4", { hasText: name }) });
	const affected = page.locator("#affected li").filter({ has: page.locator("h3", { hasText: name }) });
	return {
		state: ((await row.locator(".state").textContent()) ?? "").replace(/\s+/g, " ").trim(),
		note: await affected
			.locator(".note")
			.count()
			.then((count) => (count ? affected.locator(".note").textContent() : null)),
	};
}

/** The names of the surfaces the list under the banner shows as not operational, in order. */
const affectedOnScreen = (page: Page) => page.locator("#affected li h3").allTextContents();

/** How tall the page is at this width, in CSS pixels. */
async function pageHeight(page: Page, width: number): Promise<number> {
	await page.setViewportSize({ width, height: 900 });
	return page.evaluate(() => document.documentElement.scrollHeight);
}

/** The page at each width and scheme: nothing goes wrong, axe finds nothing, a screenshot of each. */
async function checkEverywhere(path: string, name: string): Promise<void> {
	for (const width of [1280, 375, 320]) {
		for (const colorScheme of ["light", "dark"] as const) {
			const { page, problems } = await visit(browser, `${worker.origin}${path}`, {
				viewport: { width, height: 900 },
				colorScheme,
			});
			expect(await axeViolations(page), `${name} ${width} ${colorScheme}`).toEqual([]);
			// Never wider than the screen.
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
			await screenshot(page, `${name}-${width}-${colorScheme}`);
			expect(problems, `${name} ${width} ${colorScheme}`).toEqual([]);
			await page.context().close();
		}
	}
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const todayStart = () => Date.parse(`${isoDate(Date.now())}T00:00:00Z`);

/**
 * Every partner page and probe target at a closed port of 127.0.0.1: a cycle of the jobs (which
 * starts maintenance windows) then sends nothing off the machine, and its one failed check per
 * surface changes no state (docs/operations.md, "The cron jobs": three failures make a partner UNKNOWN).
 */
function nowhere(): Record<string, string> {
	const closed = "http://127.0.0.1:9/";
	const partners = SURFACES.filter((surface) => "poll" in surface).map((surface) => [surface.id, closed]);
	const probes = SURFACES.filter((surface) => "probe" in surface && surface.probe).map((surface) => [
		surface.id,
		closed,
	]);
	return {
		STATUS_PARTNER_URLS: JSON.stringify(Object.fromEntries(partners)),
		STATUS_PROBE_URLS: JSON.stringify(Object.fromEntries(probes)),
	};
}

beforeAll(async () => {
	worker = await startLocalWorker(nowhere());
	webhookSecret = parseEnv(await readFile(join(root, ".dev.vars"), "utf8")).FREESCOUT_WEBHOOK_SECRET ?? "";
	browser = await launchChromium();
	// A history for the bars, written as writers leave it (the page's zone is UTC): charts was
	// operational from 20 days ago, in a partial outage for 12 minutes three days ago.
	const start = todayStart();
	const rows = [
		["OPERATIONAL", start - 20 * DAY],
		["PARTIAL", start - 3 * DAY + 10 * 3_600_000],
		["OPERATIONAL", start - 3 * DAY + 10 * 3_600_000 + 12 * 60_000],
	]
		.map(
			([state, at]) => `('charts', 'ops', NULL, '${state}', 'manual', NULL, '${new Date(at as number).toISOString()}')`,
		)
		.join(", ");
	await worker.d1Execute(
		`INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at) VALUES ${rows};`,
	);
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await worker?.stop();
});

describe("the status page in a browser", () => {
	it("all operational: the banner says so, every surface reads Operational, axe finds nothing", async () => {
		for (const { id } of (await board()).surfaces) await setState(id, "OPERATIONAL");
		const { page, problems } = await visit(browser, worker.origin);
		expect(await text(page, "#overall")).toBe("✓ All Systems Operational");
		expect(await page.locator("li.surface .state").allTextContents()).toEqual(
			Array((await board()).surfaces.length).fill("✓ Operational"),
		);
		// Nothing listed as broken, every group folded, and the whole page short.
		expect(await affectedOnScreen(page)).toEqual([]);
		expect(await page.locator("details.group").count()).toBeGreaterThan(0);
		expect(await page.locator("details.group[open]").count()).toBe(0);
		expect(await pageHeight(page, 1280)).toBeLessThanOrEqual(2_200);
		// Fourteen days of past incidents, newest first, quiet ones said so.
		expect(await page.locator("#past .day h3").count()).toBe(14);
		expect(await text(page, "#past .day h3")).toMatch(/^\w+day \d{4}-\d{2}-\d{2} \(today\)$/);
		expect(await text(page, "#updated")).toMatch(/^\d+ seconds? ago$/);
		expect(problems).toEqual([]);
		await page.context().close();
		await checkEverywhere("/", "operational");
	});

	it("a day's mark says what the day was, and the keyboard reaches it", async () => {
		const { page, problems } = await visit(browser, worker.origin);
		const day = isoDate(todayStart() - 3 * DAY);
		const charts = page.locator("li.surface").filter({ has: page.locator("h4", { hasText: "Charts" }) });
		const bar = charts.locator(".bar");
		// Its group is folded (all its surfaces work): one click opens it, no script needed.
		await page.locator("details.group").filter({ has: charts }).locator("summary").click();
		const expected = `${day}: partial outage 12 min, uptime 99.75 %`;
		await bar.locator("li").first().focus();
		let focused = "";
		for (let presses = 0; presses < 10 && focused !== expected; presses += 1) {
			await page.keyboard.press("Tab");
			focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
		}
		expect(focused).toBe(expected);
		// Shown to the eye on focus, not only to screen readers.
		const tip = await page.evaluate(() => {
			const box = document.activeElement?.querySelector("span")?.getBoundingClientRect();
			return box ? { width: box.width, height: box.height } : null;
		});
		expect(tip?.width).toBeGreaterThan(100);
		expect(tip?.height).toBeGreaterThan(10);
		await screenshot(page, "day-mark-focused-1280-light");
		// Ninety days on a wide screen, sixty or thirty on a phone, the marks where their days are.
		const geometry = () =>
			bar.evaluate((list) => {
				const box = list.getBoundingClientRect();
				const days = Number(getComputedStyle(list).getPropertyValue("--days"));
				const marks = [...list.children].map((mark) => {
					const shown = getComputedStyle(mark).display !== "none";
					const rect = mark.getBoundingClientRect();
					return { text: mark.textContent ?? "", shown, left: rect.left - box.left, right: rect.right - box.left };
				});
				return { width: box.width, days, marks };
			});
		for (const [width, days] of [
			[1280, 90],
			[700, 60],
			[375, 30],
			[320, 30],
		] as const) {
			await page.setViewportSize({ width, height: 900 });
			const seen = await geometry();
			expect(seen.days).toBe(days);
			const mark = seen.marks.find((candidate) => candidate.text === expected);
			// Three days before today: the fourth column from the right.
			expect(mark?.shown).toBe(true);
			expect(mark?.left).toBeCloseTo(((days - 4) * seen.width) / days, 0);
			expect(mark?.right).toBeCloseTo(((days - 3) * seen.width) / days, 0);
			for (const other of seen.marks.filter((candidate) => candidate.shown)) {
				expect(other.left).toBeGreaterThanOrEqual(-0.5);
				expect(other.right).toBeLessThanOrEqual(seen.width + 0.5);
			}
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
			// The caption gives the figure of exactly the days drawn.
			const captions = await charts.locator(".scale span").evaluateAll((spans) =>
				spans
					.filter((span) => getComputedStyle(span).display !== "none")
					.map((span) => {
						const named = getComputedStyle(span, "::before").content;
						return `${named === "none" ? "" : named.replaceAll('"', "")}${span.textContent}`;
					}),
			);
			expect(captions).toEqual([expect.stringMatching(new RegExp(`^${days} days: \\d+(\\.\\d+)? % uptime`))]);
		}
		expect(problems).toEqual([]);
		await page.context().close();
	});

	it("maintenance: the window is announced and its surface reads Under maintenance", async () => {
		await internal("PUT", "/api/internal/status/maintenances/browser-window", {
			title: "Bank link upgrade",
			public_note: "Deposits may be delayed",
			surface_ids: ["deposits"],
			starts_at: new Date(Date.now() - 60_000).toISOString(),
			ends_at: new Date(Date.now() + 2 * 3_600_000).toISOString(),
			actor: "browser-test",
		});
		// The next cycle of the jobs starts the window (wrangler dev runs no Cron Trigger by itself).
		await internal("POST", "/api/internal/status/run-jobs", {});
		const api = await board();
		const { page, problems } = await visit(browser, worker.origin);
		expect(await text(page, "#overall")).toContain(api.overall.description);
		expect(await text(page, "#maintenance article")).toMatch(
			/^Bank link upgrade ◷ In progress .* Deposits may be delayed Affects: Deposits$/,
		);
		const deposits = api.surfaces.find((surface) => surface.id === "deposits");
		expect(deposits?.state).toBe("MAINTENANCE");
		expect((await surfaceOnScreen(page, deposits?.name ?? "")).state).toBe("◷ Under maintenance");
		expect(problems).toEqual([]);
		await page.context().close();
		await checkEverywhere("/", "maintenance");
	});

	it("mixed: a hostile note is shown as the text it is, and nothing runs", async () => {
		await setState("plaid", "DEGRADED", HOSTILE);
		const api = await board();
		const { page, problems } = await visit(browser, worker.origin);
		expect(await text(page, "#overall")).toContain(api.overall.description);
		const plaid = api.surfaces.find((surface) => surface.id === "plaid");
		expect(await surfaceOnScreen(page, plaid?.name ?? "")).toEqual({ state: "! Degraded performance", note: HOSTILE });
		expect(await page.locator("img").count()).toBe(0);
		expect(problems).toEqual([]);
		await page.context().close();
		await checkEverywhere("/", "mixed");
	});

	it("outage: the incident and its timeline, on the page and on its own page; the open page swaps it in", async () => {
		const { page: watching, problems: watchingProblems } = await visit(browser, worker.origin, { fakeClock: true });
		await ticket(501, { status: "active", note: "Orders are failing", severity: "down" });
		await ticket(501, {
			status: "active",
			note: "A bad deploy; rolling back",
			severity: "down",
			incidentStatus: "identified",
		});
		const api = await board();
		expect(api.overall.state).toBe("DOWN");

		const { page, problems } = await visit(browser, worker.origin);
		expect(await text(page, "#overall")).toMatch(/^✕ Partial System Outage \d+ of \d+ systems affected$/);
		// Right under the banner: exactly the surfaces the API reports not operational.
		expect(await affectedOnScreen(page)).toEqual(
			api.surfaces.filter((surface) => surface.state !== "OPERATIONAL").map((surface) => surface.name),
		);
		expect(await pageHeight(page, 1280)).toBeLessThanOrEqual(3_200);
		await page.setViewportSize({ width: 1280, height: 900 });
		const incident = page.locator("#open article");
		expect(await text(page, "#open article h3")).toBe("Order placement: major outage");
		expect((await incident.locator("ol li").allInnerTexts()).map((entry) => entry.replace(/\s+/g, " "))).toEqual([
			expect.stringMatching(/^Identified · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC A bad deploy; rolling back$/),
			expect.stringMatching(/^Investigating · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC Orders are failing$/),
		]);
		await incident.locator("h3 a").click();
		await page.waitForURL(/\/incidents\/inc_\d{5}$/);
		expect(await page.locator("h1").allTextContents()).toEqual(["Order placement: major outage"]);
		expect(await page.locator("ol.timeline li").count()).toBe(2);
		expect(await axeViolations(page)).toEqual([]);
		const incidentPath = new URL(page.url()).pathname;
		expect(problems).toEqual([]);
		await page.context().close();
		await checkEverywhere("/", "outage");
		await checkEverywhere(incidentPath, "incident");

		// The page opened before the incident revalidates itself a minute later and shows it.
		await watching.clock.runFor(61_000);
		await expect.poll(() => text(watching, "#overall"), { timeout: 10_000 }).toMatch(/^✕ Partial System Outage/);
		expect(await watching.locator("#open article").count()).toBe(1);
		expect(watchingProblems).toEqual([]);
		await watching.context().close();
	});

	it("resolved: the incident moves to the last 30 days, its page says Resolved", async () => {
		await ticket(501, { status: "closed", note: "Rolled back; every order goes through", severity: "down" });
		const { page, problems } = await visit(browser, worker.origin);
		expect(await text(page, "#open")).toBe("Open incidents No open incidents.");
		// Under today in the past incidents: its title, when it was resolved, for how long, where, and its last word.
		expect(await text(page, "#past .day")).toMatch(
			/^\w+day \d{4}-\d{2}-\d{2} \(today\) Order placement: major outage Resolved \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC after (under 1 min|\d+ min) · Affected: Order placement Rolled back; every order goes through$/,
		);
		await page.locator("#past article h4 a").click();
		await page.waitForURL(/\/incidents\/inc_\d{5}$/);
		expect(await page.locator("ol.timeline li").count()).toBe(3);
		const incidentPath = new URL(page.url()).pathname;
		expect(problems).toEqual([]);
		await page.context().close();
		await checkEverywhere("/", "resolved");
		await checkEverywhere(incidentPath, "incident-resolved");
	});

	it("works with JavaScript off, and holds still for readers who ask for reduced motion", async () => {
		await ticket(502, { status: "active", note: "Orders are failing again", severity: "down" });
		const { page, problems } = await visit(browser, worker.origin, { javaScriptEnabled: false });
		expect(await text(page, "#overall")).toMatch(/^✕ Partial System Outage/);
		expect(await text(page, "#updated")).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
		expect(problems).toEqual([]);
		await page.context().close();

		const motion = async (reducedMotion: "reduce" | "no-preference") => {
			const { page: moving } = await visit(browser, worker.origin, { reducedMotion });
			await moving.locator(".bar li").filter({ visible: true }).first().focus();
			const styles = await moving.evaluate(() => ({
				scroll: getComputedStyle(document.documentElement).scrollBehavior,
				tip: getComputedStyle(document.querySelector(".bar li:focus > span") as Element).animationName,
			}));
			await moving.context().close();
			return styles;
		};
		expect(await motion("reduce")).toEqual({ scroll: "auto", tip: "none" });
		expect(await motion("no-preference")).toEqual({ scroll: "smooth", tip: "appear" });
	});
});
