import { beforeEach, describe, expect, it } from "vitest";
import { prefersJson } from "../../../src/http/page/accept";
import { incidentPagePath, PAGE_PATHS } from "../../../src/paths";
import { NOW, setState, ticketAt } from "../atlassian-v2/support";
import { HOUR, MINUTE } from "../maintenance/support";
import { expectProblem } from "../support/http";
import { clearTables, EMPTY_TABLES, readTables } from "../support/tables";
import { byId, byName, type HtmlElement, parseHtml, textOf, wordsOf } from "./html-tree";
import { getPage } from "./support";

// An incident's own page: its title, where it stands, how long it lasted, the surface it affects
// with that surface's state now, and its whole timeline; an id that names none is a 404 page.

beforeEach(clearTables);

const DAY = 24 * HOUR;

async function publicIdOf(response: Response): Promise<string> {
	return (await response.json<{ incident: { id: string } }>()).incident.id;
}

/** The incident page's facts: each <dt> with its <dd>, as a person reads them. */
function facts(tree: HtmlElement): Record<string, string> {
	const list = byName(tree, "dl").find((dl) => (dl.attributes.class ?? "").includes("facts")) as HtmlElement;
	const terms = byName(list, "dt").map(wordsOf);
	const values = byName(list, "dd").map(wordsOf);
	return Object.fromEntries(terms.map((term, index) => [term, values[index] ?? ""]));
}

describe("GET /incidents/{id}: the incident's page", () => {
	it("shows the title, status, impact, duration in days, hours and minutes, the affected surface's state now, and every update", async () => {
		const id = await publicIdOf(await ticketAt(60, 0, { note: "Orders fail", title: "Orders are failing" }));
		await ticketAt(60, 5, { incidentStatus: "identified", note: "A bad deploy", title: "Orders are failing" });
		const closedAt = (3 * DAY + 2 * HOUR + 5 * MINUTE) / MINUTE;
		await ticketAt(60, closedAt, { status: "closed", note: "All orders go through", title: "Orders are failing" });
		await setState("order-placement", "DEGRADED", "Slow confirmations");

		const response = await getPage(incidentPagePath(id), { at: NOW + 4 * DAY });
		expect(response.status).toBe(200);
		const tree = parseHtml(await response.text());
		expect(byName(tree, "h1").map(textOf)).toEqual(["Orders are failing"]);
		expect(facts(tree)).toEqual({
			Status: "✓ Resolved",
			Impact: "Major outage",
			Opened: "2026-12-01 10:00 UTC",
			Resolved: "2026-12-04 12:05 UTC",
			Duration: "3 days 2 h 5 min",
		});
		expect(
			wordsOf(byName(tree, "ul").find((ul) => ul.attributes["aria-labelledby"] === "affected-h") as HtmlElement),
		).toBe("Order placement: now ! Degraded performance");
		expect(
			byName(byId(tree, "incident"), "li")
				.filter((li) => wordsOf(li).includes(" · "))
				.map(wordsOf),
		).toEqual([
			"Resolved · 2026-12-04 12:05 UTC All orders go through",
			"Identified · 2026-12-01 10:05 UTC A bad deploy",
			"Investigating · 2026-12-01 10:00 UTC Orders fail",
		]);
	});

	it("says how long an open incident has lasted so far, in days, never hundreds of hours", async () => {
		const id = await publicIdOf(await ticketAt(61, 0, { severity: "partial" }));
		const response = await getPage(incidentPagePath(id), { at: NOW + 215 * DAY + 22 * HOUR + 14 * MINUTE });
		const found = facts(parseHtml(await response.text()));
		expect(found).toMatchObject({
			Status: "! Investigating",
			Resolved: "Not yet",
			Duration: "215 days 22 h 14 min so far",
		});
	});

	it("answers an unknown or malformed id with an HTML 404 page that links home, writing nothing", async () => {
		for (const id of ["inc_99999", "inc_1", "42", "%3Cscript%3E", "inc_00001%00"]) {
			for (const accept of [undefined, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "*/*"]) {
				const response = await getPage(`/incidents/${id}`, {
					at: NOW,
					headers: accept === undefined ? {} : { Accept: accept },
				});
				expect(response.status, `${id} ${accept}`).toBe(404);
				expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
				expect(response.headers.get("Content-Security-Policy")).toMatch(/^default-src 'none'; style-src 'self'; /);
				expect(response.headers.get("Cache-Control")).toBe("no-store");
				const tree = parseHtml(await response.text());
				expect(byName(tree, "h1").map(textOf)).toEqual(["Not found"]);
				expect(byName(byName(tree, "main")[0] as HtmlElement, "a").map((a) => a.attributes.href)).toContain(
					PAGE_PATHS.home,
				);
			}
			const json = await getPage(`/incidents/${id}`, { at: NOW, headers: { Accept: "application/json" } });
			await expectProblem(json, 404, "not_found");
		}
		expect(await readTables()).toEqual(EMPTY_TABLES);
	});
});

describe("which answers prefer JSON", () => {
	it("weighs JSON against HTML as the Accept header does", () => {
		expect(
			[
				undefined,
				"",
				"*/*",
				"text/html",
				"application/json",
				"application/problem+json",
				"application/json, text/html",
				"text/html;q=0.5, application/json",
				"application/json;q=0.5, text/html",
				"application/*",
				"application/json;q=0",
			].map(prefersJson),
		).toEqual([false, false, false, false, true, true, false, true, false, true, false]);
	});
});
