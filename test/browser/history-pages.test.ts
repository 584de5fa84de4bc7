import { createHmac } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseEnv } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SURFACES } from "../../src/surfaces/registry.ts";
import { type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { axeViolations, launchChromium, visit } from "./browser.ts";

// The incident page, the 404 page and the history in Debian's chromium, against the Worker as
// `npm start` runs it: read off the screen, checked by axe-core at 320, 375 and 1280 px in light
// and dark, never wider than the screen, and photographed (SHOTS_DIR, default test-results/history).

const root = join(import.meta.dirname, "..", "..");
const SHOTS = process.env.SHOTS_DIR ?? join(root, "test-results", "history");
const DAY = 86_400_000;
const TITLE = "Orders are delayed after the open";

let worker: LocalWorker;
let browser: Browser;
let webhookSecret: string;
let incidentPath = "";

/** Every partner page and probe target at a closed port of 127.0.0.1: nothing leaves the machine. */
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

async function ticket(id: number, status: string, updatedAt: string, createdAt: string, note: string) {
	const body = JSON.stringify({
		event: "conversation.updated",
		event_id: `evt-${id}-${updatedAt}`,
		ticket: {
			id,
			status,
			updated_at: updatedAt,
			created_at: createdAt,
			custom_fields: [
				{ slug: "component_tag", value: "order-placement" },
				{ slug: "public_status", value: note },
				{ slug: "incident_severity", value: "partial" },
				{ slug: "public_title", value: TITLE },
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
	return ((await response.json()) as { incident: { id: string } }).incident.id;
}

/** The text as rendered, white space squashed. */
const text = async (page: Page, selector: string) =>
	// biome-ignore lint/performance/useDomNodeTextContent: what a person sees is the point here.
	(await page.locator(selector).first().innerText()).replace(/\s+/g, " ").trim();

/** A page at each width and scheme: axe finds nothing, nothing wider than the screen, a screenshot of each. */
async function checkEverywhere(path: string, name: string, status = 200): Promise<void> {
	await mkdir(SHOTS, { recursive: true });
	for (const width of [320, 375, 1280]) {
		for (const colorScheme of ["light", "dark"] as const) {
			const { page, problems } = await visit(browser, `${worker.origin}${path}`, {
				viewport: { width, height: 900 },
				colorScheme,
			});
			await page.screenshot({ path: join(SHOTS, `${name}-${width}-${colorScheme}.png`), fullPage: true });
			expect(await axeViolations(page), `${name} ${width} ${colorScheme}`).toEqual([]);
			// Never wider than the screen; what sticks out is named.
			const widest = await page.evaluate(() =>
				[...document.querySelectorAll("body *")]
					.map((element) => ({
						tag: `${element.tagName}.${element.className}`,
						right: element.getBoundingClientRect().right,
					}))
					.filter((box) => box.right > document.documentElement.clientWidth)
					.slice(0, 3),
			);
			expect(
				await page.evaluate(() => document.documentElement.scrollWidth),
				`${name} ${width} ${JSON.stringify(widest)}`,
			).toBeLessThanOrEqual(width);
			// The page's own 404 is expected; nothing else may go wrong.
			expect(
				problems.filter((problem) => status === 200 || !/404/.test(problem)),
				`${name} ${width} ${colorScheme}`,
			).toEqual([]);
			await page.context().close();
		}
	}
}

beforeAll(async () => {
	worker = await startLocalWorker(nowhere());
	const vars = await readFile(join(root, ".dev.vars"), "utf8").catch(() =>
		readFile(join(root, ".dev.vars.example"), "utf8"),
	);
	webhookSecret = parseEnv(vars).FREESCOUT_WEBHOOK_SECRET ?? "";
	browser = await launchChromium();
	// Months of history as writers leave it (the page's zone is UTC): order placement operational
	// from 200 days ago, a partial outage of two days 40 days ago; charts from 30 days ago.
	const now = Date.now();
	const rows = [
		["order-placement", "OPERATIONAL", now - 200 * DAY],
		["order-placement", "PARTIAL", now - 40 * DAY],
		["order-placement", "OPERATIONAL", now - 38 * DAY],
		["charts", "OPERATIONAL", now - 30 * DAY],
	]
		.map(
			([surface, state, at]) =>
				`('${surface}', 'ops', NULL, '${state}', 'manual', NULL, '${new Date(at as number).toISOString()}')`,
		)
		.join(", ");
	await worker.d1Execute(
		`INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at) VALUES ${rows};`,
	);
	// A long incident, opened 40 days ago and closed two days later, under the helpdesk's title.
	const opened = new Date(now - 40 * DAY).toISOString();
	await ticket(7001, "open", opened, opened, "Some orders wait for confirmation");
	incidentPath = `/incidents/${await ticket(7001, "closed", new Date(now - 38 * DAY + 3 * 3_600_000 + 5 * 60_000).toISOString(), opened, "All orders are confirmed")}`;
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await worker?.stop();
});

describe("the incident page, the 404 page and the history in a browser", () => {
	it("the incident page: its title, duration in days, affected surface and timeline; axe clean everywhere", async () => {
		const { page, problems } = await visit(browser, `${worker.origin}${incidentPath}`);
		expect(await text(page, "h1")).toBe(TITLE);
		expect(await text(page, ".facts")).toContain("Duration 2 days 3 h 5 min");
		expect(await text(page, "#incident")).toContain("Order placement: now");
		expect(await page.locator("ol.timeline li").count()).toBe(2);
		expect(problems).toEqual([]);
		await page.context().close();
		await checkEverywhere(incidentPath, "incident");
	});

	it("an unknown incident: an HTML 404 page with the way home; axe clean everywhere", async () => {
		const { page } = await visit(browser, `${worker.origin}/incidents/inc_99999`);
		expect(await text(page, "h1")).toBe("Not found");
		await page.getByRole("link", { name: "Back to the status page" }).click();
		await page.waitForURL(`${worker.origin}/`);
		await page.context().close();
		await checkEverywhere("/incidents/inc_99999", "not-found", 404);
	});

	it("the history: uptime by month with its method, incidents by month; reachable from the footer; axe clean everywhere", async () => {
		const { page, problems } = await visit(browser, worker.origin);
		await page.getByRole("link", { name: "History: past incidents and uptime by month" }).click();
		await page.waitForURL(`${worker.origin}/history`);
		expect(await text(page, "h1")).toBe("History");
		const row = page
			.locator("#uptime-months tbody tr")
			.filter({ has: page.locator("th", { hasText: "Order placement" }) });
		expect(await row.locator("td").count()).toBe(12);
		expect(await text(page, "#uptime-months")).toContain("Maintenance and time without data are left out");
		expect(await text(page, "#incident-months")).toContain(TITLE);
		expect(problems).toEqual([]);
		await page.context().close();
		await checkEverywhere("/history", "history");
	});
});
