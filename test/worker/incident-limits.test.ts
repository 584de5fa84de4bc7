import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { publicIncidentId } from "../../src/domain/incident-id";
import type { PublicIncidentsAnswer } from "../../src/http/incidents/schemas";
import { PAGE_INCIDENTS } from "../../src/http/page/parts/incidents";
import { ATLASSIAN_V2_PATHS, PAGE_PATHS, PUBLIC_PATHS } from "../../src/paths";
import { invalidatePublicReads } from "../../src/public-cache/invalidate";
import { forgetIsolateCopies } from "../../src/public-cache/isolate-copies";
import { SURFACES } from "../../src/surfaces/registry";
import { MAX_LISTED_INCIDENTS } from "../../src/verbs/list-incidents";
import { NOW, ticketAt, v2Json } from "./atlassian-v2/support";
import { childrenNamed, parseXml } from "./feeds/xml-tree";
import { HOUR, iso, MINUTE } from "./maintenance/support";
import { getPage } from "./page/support";
import { call } from "./support/http";
import { clearTables } from "./support/tables";
import { atTime } from "./uptime/support";

// Helpdesk tickets create incidents without a bound of their own: every public list carries at
// most MAX_LISTED_INCIDENTS of them, the open ones first, and counts the rest where its format can.

beforeEach(clearTables);

const K = MAX_LISTED_INCIDENTS;
const READ_AT = NOW + HOUR;
const PAGE_BUDGET_BYTES = 60_000;

interface Written {
	id: number;
	open: boolean;
}

/**
 * Incidents written straight into the tables (the webhook writes one at a time): `open` open ones
 * opened 20 days before NOW, the oldest opened of all, then `resolved` opened and resolved in the
 * last days, each with the one event its ticket recorded. Ticket ids from `firstTicket`.
 */
async function insertIncidents(open: number, resolved: number, firstTicket = 1000): Promise<Written[]> {
	const rows = [
		...Array.from({ length: open }, (_, index) => ({
			opened: NOW - 20 * 24 * HOUR + index * MINUTE,
			resolved: null as number | null,
		})),
		...Array.from({ length: resolved }, (_, index) => ({
			opened: NOW - 5 * 24 * HOUR + index * MINUTE,
			resolved: NOW - 2 * 24 * HOUR + index * MINUTE,
		})),
	];
	const statements = rows.flatMap((row, index) => {
		const ticket = firstTicket + index;
		const surface = SURFACES[index % SURFACES.length]?.id ?? "charts";
		const at = iso(row.resolved ?? row.opened);
		return [
			env.DB.prepare(
				"INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity, freescout_updated_at) VALUES (?, ?, ?, ?, ?, 'partial', ?)",
			).bind(
				surface,
				iso(row.opened),
				row.resolved === null ? null : iso(row.resolved),
				`Ticket ${ticket}`,
				ticket,
				at,
			),
			env.DB.prepare(
				"INSERT INTO status_incident_events (incident_id, at, status, severity, public_note) SELECT id, ?, ?, 'partial', ? FROM status_incidents WHERE freescout_ticket_id = ?",
			).bind(at, row.resolved === null ? "investigating" : "resolved", `Ticket ${ticket}`, ticket),
		];
	});
	await env.DB.batch(statements);
	// Written behind the Worker's back: drop the cached public reads as a write would.
	await invalidatePublicReads(env);
	const { results } = await env.DB.prepare(
		"SELECT id, resolved_at IS NULL AS open FROM status_incidents WHERE freescout_ticket_id >= ? ORDER BY freescout_ticket_id",
	)
		.bind(firstTicket)
		.all<{ id: number; open: number }>();
	return results.map((row) => ({ id: row.id, open: row.open === 1 }));
}

async function publicList(): Promise<PublicIncidentsAnswer> {
	forgetIsolateCopies();
	await invalidatePublicReads(env);
	const response = await atTime(READ_AT, () => call(PUBLIC_PATHS.incidents));
	expect(response.status).toBe(200);
	return response.json<PublicIncidentsAnswer>();
}

interface V2Incident {
	id: string;
	status: string;
	resolved_at: string | null;
}

const v2 = <T>(path: (typeof ATLASSIAN_V2_PATHS)[keyof typeof ATLASSIAN_V2_PATHS]) =>
	atTime(READ_AT, () => v2Json<T>(path));

async function feedEntries(): Promise<{ atom: number; rss: number }> {
	const read = async (path: string) => {
		forgetIsolateCopies();
		const response = await atTime(READ_AT, () => call(path));
		expect(response.status).toBe(200);
		return parseXml(await response.text());
	};
	const atom = await read(PUBLIC_PATHS.feedAtom);
	const rss = await read(PUBLIC_PATHS.feedRss);
	const channel = childrenNamed(rss, "channel")[0];
	return { atom: childrenNamed(atom, "entry").length, rss: channel ? childrenNamed(channel, "item").length : 0 };
}

async function page(): Promise<string> {
	const response = await getPage(PAGE_PATHS.home, { at: READ_AT });
	expect(response.status).toBe(200);
	const html = await response.text();
	const bytes = new TextEncoder().encode(html).byteLength;
	// Logged for the report (npx vitest run --project worker test/worker/incident-limits --silent=false).
	console.log(
		`page size with ${(await env.DB.prepare("SELECT count(*) AS n FROM status_incidents").first<{ n: number }>())?.n} incidents: ${bytes} bytes`,
	);
	expect(bytes).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
	return html;
}

/** The public ids of the page's incidents in its section `id` ("open", or "past": the last 14 days). */
function pageSection(html: string, id: string): { ids: string[]; text: string } {
	const start = html.indexOf(`<section id="${id}"`);
	const section = html.slice(start, html.indexOf("</section>", start));
	const heading = id === "past" ? /<h4 id="(inc_\d+)-past-h"/g : /<h3 id="(inc_\d+)-h"/g;
	return { ids: [...section.matchAll(heading)].map((match) => match[1] as string), text: section };
}

describe("the public incident lists, with more incidents than they carry", () => {
	it(`list ${K}: every open one first, then the latest resolved, and count the rest`, async () => {
		const written = await insertIncidents(8, K - 3);
		const open = written.filter((row) => row.open).map((row) => publicIncidentId(row.id));
		const resolved = written.filter((row) => !row.open).map((row) => publicIncidentId(row.id));
		// The latest resolved: written last.
		const listedResolved = resolved.slice(-(K - open.length));

		const list = await publicList();
		expect(list.incidents).toHaveLength(K);
		expect(new Set(list.incidents.map((incident) => incident.id))).toEqual(new Set([...open, ...listedResolved]));
		expect(list.unlisted).toEqual({ open: 0, resolved: 5 });

		const incidents = await v2<{ incidents: V2Incident[] }>(ATLASSIAN_V2_PATHS.incidents);
		expect(incidents.incidents).toHaveLength(K);
		expect(new Set(incidents.incidents.map((incident) => incident.id))).toEqual(new Set([...open, ...listedResolved]));
		const unresolved = await v2<{ incidents: V2Incident[] }>(ATLASSIAN_V2_PATHS.unresolvedIncidents);
		expect(unresolved.incidents.map((incident) => incident.id).sort()).toEqual([...open].sort());
		const summary = await v2<{ incidents: V2Incident[] }>(ATLASSIAN_V2_PATHS.summary);
		expect(summary.incidents).toHaveLength(open.length);

		const entries = await feedEntries();
		expect(entries.atom).toBeLessThanOrEqual(K);
		expect(entries.rss).toBeLessThanOrEqual(K);

		const html = await page();
		const openSection = pageSection(html, "open");
		expect(openSection.ids.sort()).toEqual([...open].sort());
		expect(openSection.text).not.toContain("more open");
		const resolvedSection = pageSection(html, "past");
		expect(resolvedSection.ids).toHaveLength(PAGE_INCIDENTS);
		expect(resolvedSection.text).toContain(`${K - 3 - PAGE_INCIDENTS} more incidents resolved in the last 30 days`);
		// Every resolved one is two days old: the days after it had none, that day shows its newest ten
		// and says more are elsewhere, and the days before it may hold the rest, so none says "no incidents".
		const days = [...resolvedSection.text.matchAll(/<div class="day[^"]*"><h3>[^<]*<\/h3>(.*?)<\/div>/g)].map(
			(match) => match[1] ?? "",
		);
		expect(days).toHaveLength(14);
		const said = (day: string) =>
			day.includes("No incidents reported.")
				? "none"
				: day.includes("More not shown here")
					? `${day.split("<article").length - 1} and more`
					: day.includes("Not shown here")
						? "elsewhere"
						: "listed";
		expect(days.map(said)).toEqual(["none", "none", `${PAGE_INCIDENTS} and more`, ...Array(11).fill("elsewhere")]);
	});

	it(`list the ${K} latest opened when more than ${K} are open, and count the rest`, async () => {
		const written = await insertIncidents(K + 5, 3);
		const open = written.filter((row) => row.open).map((row) => publicIncidentId(row.id));
		const latestOpen = new Set(open.slice(-K));

		const list = await publicList();
		expect(new Set(list.incidents.map((incident) => incident.id))).toEqual(latestOpen);
		expect(list.unlisted).toEqual({ open: 5, resolved: 3 });

		const unresolved = await v2<{ incidents: V2Incident[] }>(ATLASSIAN_V2_PATHS.unresolvedIncidents);
		expect(new Set(unresolved.incidents.map((incident) => incident.id))).toEqual(latestOpen);
		const incidents = await v2<{ incidents: V2Incident[] }>(ATLASSIAN_V2_PATHS.incidents);
		expect(new Set(incidents.incidents.map((incident) => incident.id))).toEqual(latestOpen);
		const summary = await v2<{ incidents: V2Incident[] }>(ATLASSIAN_V2_PATHS.summary);
		expect(summary.incidents).toHaveLength(K);

		const entries = await feedEntries();
		expect(entries.atom).toBeLessThanOrEqual(K);
		expect(entries.rss).toBeLessThanOrEqual(K);

		const html = await page();
		const openSection = pageSection(html, "open");
		expect(openSection.ids).toHaveLength(PAGE_INCIDENTS);
		expect(openSection.text).toContain(`${K + 5 - PAGE_INCIDENTS} more open incidents`);
		// The open ones fill the list: the resolved ones are counted only.
		const resolvedSection = pageSection(html, "past");
		expect(resolvedSection.ids).toEqual([]);
		expect(resolvedSection.text).toContain("3 more incidents resolved in the last 30 days");
	});

	it(`count none at ${K} and one at ${K + 1}`, async () => {
		await insertIncidents(0, K);
		let list = await publicList();
		expect(list.incidents).toHaveLength(K);
		expect(list.unlisted).toEqual({ open: 0, resolved: 0 });

		await insertIncidents(1, 0, 5000);
		list = await publicList();
		expect(list.incidents).toHaveLength(K);
		expect(list.unlisted).toEqual({ open: 0, resolved: 1 });
		expect(list.incidents.filter((incident) => incident.resolved_at === null)).toHaveLength(1);
	});

	it("list a ticket opened through the webhook before the resolved ones it outnumbers", async () => {
		await insertIncidents(0, K);
		const response = await ticketAt(77, 0, { component: "charts", note: "Charts do not load" });
		expect(response.status).toBe(200);

		const list = await publicList();
		expect(list.incidents).toHaveLength(K);
		expect(list.unlisted).toEqual({ open: 0, resolved: 1 });
		const opened = list.incidents.find((incident) => incident.resolved_at === null);
		expect(opened?.surface_id).toBe("charts");
		expect(opened?.public_note).toBe("Charts do not load");

		const html = await page();
		expect(pageSection(html, "open").ids).toEqual([opened?.id]);
		expect(pageSection(html, "past").text).toContain(
			`${K - PAGE_INCIDENTS} more incidents resolved in the last 30 days`,
		);
	});
});
