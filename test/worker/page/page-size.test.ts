import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { CARD_UPDATES, PAGE_INCIDENTS } from "../../../src/http/page/parts/incidents";
import { PAGE_PATHS } from "../../../src/paths";
import { SURFACES } from "../../../src/surfaces/registry";
import { MAX_LISTED_UPDATES } from "../../../src/verbs/list-incidents";
import { NOW, ticketAt } from "../atlassian-v2/support";
import { HOUR, iso, MINUTE, putOk, windowBody } from "../maintenance/support";
import { clearTables } from "../support/tables";
import { type AuditLine, insertAudit } from "../uptime/support";
import { byClass, byId, byName, parseHtml, textOf } from "./html-tree";
import { getPage } from "./support";

// The page with 24 surfaces and 90 days is at most 60 KB (docs/performance.md, "The HTML page's size").

beforeEach(clearTables);

const DAY = 24 * HOUR;
const BUDGET_BYTES = 60_000;
const TROUBLE = ["DEGRADED", "PARTIAL", "DOWN", "MAINTENANCE"] as const;

async function gzipSize(bytes: Uint8Array): Promise<number> {
	const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
	return (await new Response(stream).arrayBuffer()).byteLength;
}

/**
 * Every surface with a history since 91 days ago; on `share` of the days (picked apart per
 * surface) it was in trouble for a length of time no other day repeats, so no two such days
 * share a mark.
 */
function history(share: number): AuditLine[] {
	const lines: AuditLine[] = [];
	const firstDay = Date.parse("2026-12-01T00:00:00Z") - 91 * DAY;
	SURFACES.forEach((surface, index) => {
		lines.push({ surfaceId: surface.id, state: "OPERATIONAL", at: firstDay });
		for (let day = 1; day <= 90; day += 1) {
			if (((day * 37 + index * 11) % 100) / 100 >= share) continue;
			const start = firstDay + day * DAY + (1 + (index % 18)) * HOUR;
			lines.push({ surfaceId: surface.id, state: TROUBLE[(day + index) % 4] as string, at: start });
			lines.push({ surfaceId: surface.id, state: "OPERATIONAL", at: start + (3 + day + index * 5) * MINUTE });
		}
	});
	return lines;
}

/** A busy month: three open incidents with five updates each, ten resolved, two windows ahead. */
async function busyMonth(): Promise<void> {
	for (let ticket = 1; ticket <= 3; ticket += 1) {
		for (let update = 0; update < 5; update += 1) {
			const note = `Update ${update} on ticket ${ticket}: we are looking into slow answers from the service and will say more soon.`;
			await ticketAt(100 + ticket, -60 + update * 10 + ticket, { component: SURFACES[ticket]?.id, note });
		}
	}
	for (let ticket = 1; ticket <= 10; ticket += 1) {
		const minute = -ticket * 2 * 24 * 60;
		await ticketAt(200 + ticket, minute, {
			component: SURFACES[ticket + 5]?.id,
			note: "Answers were slow for some people.",
		});
		await ticketAt(200 + ticket, minute + 45, {
			component: SURFACES[ticket + 5]?.id,
			note: "Fixed: a bad configuration was rolled back.",
			status: "closed",
		});
	}
	await putOk("a", windowBody({ starts_at: iso(NOW + 2 * HOUR), ends_at: iso(NOW + 3 * HOUR) }), NOW);
	await putOk(
		"b",
		windowBody({ title: "Broker upgrade", starts_at: iso(NOW + 26 * HOUR), ends_at: iso(NOW + 27 * HOUR) }),
		NOW,
	);
}

async function pageBytes(): Promise<{ bytes: number; gzip: number }> {
	const response = await getPage(PAGE_PATHS.home, { at: NOW + HOUR });
	expect(response.status).toBe(200);
	const body = new Uint8Array(await response.arrayBuffer());
	const html = new TextDecoder().decode(body);
	console.log(
		html
			.split('<section id="')
			.map((part) => `${part.slice(0, 12)}:${part.length}`)
			.join(" "),
	);
	console.log(html.slice(html.indexOf("Plaid"), html.indexOf("Plaid") + 3000));
	return { bytes: body.byteLength, gzip: await gzipSize(body) };
}

const troubleDays = (lines: readonly AuditLine[]) => lines.filter((line) => line.state !== "OPERATIONAL").length;

// Sizes are logged for the README (npx vitest run --project worker test/worker/page/page-size --silent=false).
describe("the page's size, 24 surfaces x 90 days", () => {
	it("is at most 60 KB (7 KB gzipped) with a tenth of the days in trouble and a busy month of incidents", async () => {
		const lines = history(0.1);
		await insertAudit(lines);
		await busyMonth();
		const size = await pageBytes();
		console.log(`page size, ${troubleDays(lines)} days in trouble and a busy month: ${JSON.stringify(size)}`);
		expect(size.bytes).toBeLessThanOrEqual(BUDGET_BYTES);
		expect(size.gzip).toBeLessThanOrEqual(7_000);
	});

	it("is about 12 KB on a quiet quarter", async () => {
		await insertAudit(history(0));
		// Every surface operational now, as after a quiet quarter (no state rows would list all 24 as unknown).
		await env.DB.batch(
			SURFACES.map((surface) =>
				env.DB.prepare(
					"INSERT INTO surface_state (surface_id, state, state_since, state_source, ticket_pending, public_note, updated_at) VALUES (?1, 'OPERATIONAL', '2026-09-01T00:00:00.000Z', 'manual', 0, NULL, '2026-09-01T00:00:00.000Z')",
				).bind(surface.id),
			),
		);
		const size = await pageBytes();
		console.log(`page size, quiet: ${JSON.stringify(size)}`);
		expect(size.bytes).toBeLessThanOrEqual(13_000);
	});

	it("grows by about a hundred bytes per day of trouble, a mark each", async () => {
		const some = history(0.1);
		await insertAudit(some);
		const before = await pageBytes();
		await clearTables();
		const more = history(0.25);
		await insertAudit(more);
		const after = await pageBytes();
		const perDay = (after.bytes - before.bytes) / (troubleDays(more) - troubleDays(some));
		console.log(
			`page size, ${troubleDays(more)} days in trouble: ${JSON.stringify(after)}; ${perDay.toFixed(1)} bytes a day`,
		);
		expect(perDay).toBeGreaterThan(50);
		expect(perDay).toBeLessThanOrEqual(110);
	});
});

/**
 * As many open incidents as the page lists, each with as many updates as a list carries, each
 * note as long as public text may be: written straight into the tables (the webhook would take
 * minutes for 500 deliveries).
 */
async function longOpenIncidents(): Promise<void> {
	const statements = Array.from({ length: PAGE_INCIDENTS }, (_, index) => {
		const ticket = 500 + index;
		const opened = NOW - 24 * HOUR + index * MINUTE;
		const note = `Ticket ${ticket}: ${"a long account of what we are doing and what we see ".repeat(6)}`.slice(0, 280);
		return [
			env.DB.prepare(
				"INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity, freescout_updated_at) VALUES (?, ?, NULL, ?, ?, 'partial', ?)",
			).bind(SURFACES[index]?.id ?? "charts", iso(opened), note, ticket, iso(opened)),
			...Array.from({ length: MAX_LISTED_UPDATES }, (_, update) =>
				env.DB.prepare(
					"INSERT INTO status_incident_events (incident_id, at, status, severity, public_note) SELECT id, ?, 'investigating', 'partial', ? FROM status_incidents WHERE freescout_ticket_id = ?",
				).bind(iso(opened + update * MINUTE), `${update} ${note}`.slice(0, 280), ticket),
			),
		];
	});
	await env.DB.batch(statements.flat());
}

describe("the page's open incidents", () => {
	it("stay within the budget with every listed incident at its most updates: each card shows the newest few and links to the rest", async () => {
		await insertAudit(history(0.1));
		await longOpenIncidents();
		const size = await pageBytes();
		console.log(
			`page size, ${PAGE_INCIDENTS} open incidents of ${MAX_LISTED_UPDATES} long updates: ${JSON.stringify(size)}`,
		);
		expect(size.bytes).toBeLessThanOrEqual(BUDGET_BYTES);

		const response = await getPage(PAGE_PATHS.home, { at: NOW + HOUR });
		const cards = byName(byId(parseHtml(await response.text()), "open"), "article");
		expect(cards).toHaveLength(PAGE_INCIDENTS);
		for (const card of cards) {
			const timeline = byClass(card, "timeline")[0];
			expect(timeline ? byName(timeline, "li") : []).toHaveLength(CARD_UPDATES);
			const earlier = byName(card, "a").find((link) => textOf(link) === "Earlier updates");
			expect(earlier?.attributes.href).toMatch(/^\/incidents\/inc_\d+$/);
		}
	});
});
