import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { publicIncidentId } from "../../../src/domain/incident-id";
import { formatAgo } from "../../../src/http/page/words";
import { incidentPagePath, PAGE_PATHS } from "../../../src/paths";
import { SURFACES } from "../../../src/surfaces/registry";
import { NOW, setState, ticketAt } from "../atlassian-v2/support";
import { cycleAt, deleteWindow, HOUR, iso, MINUTE, putOk, windowBody } from "../maintenance/support";
import { expectProblem } from "../support/http";
import { clearTables, EMPTY_TABLES, readTables } from "../support/tables";
import { insertAudit } from "../uptime/support";
import {
	byClass,
	byId,
	byName,
	classesOf,
	elements,
	type HtmlElement,
	parseHtml as parseHtmlOf,
	textOf,
	wordsOf,
} from "./html-tree";
import { getPage, pageTree } from "./support";

// The HTML status page, as the Worker serves it (the browser's view: test/browser).

beforeEach(clearTables);

const DAY = 24 * HOUR;
const LATER = NOW + HOUR;

function surfaceRow(tree: HtmlElement, name: string): HtmlElement {
	const row = byClass(tree, "surface").find((element) => textOf(byName(element, "h4")[0] as HtmlElement) === name);
	if (!row) throw new Error(`no surface row named ${name}`);
	return row;
}

async function publicIdOfTicket(ticket: number): Promise<string> {
	const row = await env.DB.prepare("SELECT id FROM status_incidents WHERE freescout_ticket_id = ?1")
		.bind(ticket)
		.first<{ id: number }>();
	return publicIncidentId(row?.id ?? 0);
}

/** A surface's entry in the list of surfaces not operational, under the banner. */
function affectedRow(tree: HtmlElement, name: string): HtmlElement {
	const row = byName(byId(tree, "affected"), "li").find(
		(element) => textOf(byName(element, "h3")[0] as HtmlElement) === name,
	);
	if (!row) throw new Error(`no surface named ${name} in the list under the banner`);
	return row;
}

/** The caption under a surface's bar: each window's figure, as the stylesheet names them. */
const captionsOf = (row: HtmlElement) =>
	byName(byClass(row, "scale")[0] as HtmlElement, "span").map((span) => `${classesOf(span)[0]}: ${textOf(span)}`);

const markTexts = (row: HtmlElement) => byName(byClass(row, "bar")[0] as HtmlElement, "li").map(textOf);

describe("GET /", () => {
	it("is HTML under a CSP that allows only its own files, framed by nobody by default", async () => {
		const response = await getPage(PAGE_PATHS.home, { at: LATER });
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
		expect(response.headers.get("Content-Security-Policy")).toBe(
			"default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
		);
		expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
		const html = await response.text();
		expect(html.startsWith('<!DOCTYPE html><html lang="en"')).toBe(true);
	});

	it("has no inline script or style and refers to nothing outside its own origin", async () => {
		await setState("plaid", "DOWN", "Bank links fail");
		const { tree } = await pageTree(PAGE_PATHS.home, { at: LATER });
		for (const element of elements(tree)) {
			expect(element.name).not.toBe("style");
			for (const [name, value] of Object.entries(element.attributes)) {
				expect(name.startsWith("on"), `${element.name} ${name}`).toBe(false);
				expect(name).not.toBe("style");
				if (name === "href" || name === "src") expect(value, `${element.name} ${name}`).toMatch(/^(\/(?!\/)|#)/);
			}
		}
		const scripts = byName(tree, "script");
		expect(scripts).toHaveLength(1);
		expect(scripts[0]?.attributes).toMatchObject({ src: expect.stringMatching(/^\/assets\/page\.[0-9a-f]{16}\.js$/) });
		expect(textOf(scripts[0] as HtmlElement)).toBe("");
		const stylesheets = byName(tree, "link").filter((link) => link.attributes.rel === "stylesheet");
		expect(stylesheets.map((link) => link.attributes.href)).toEqual([
			expect.stringMatching(/^\/assets\/style\.[0-9a-f]{16}\.css$/),
		]);
		// Without JavaScript the page reloads itself every minute.
		const refresh = byName(byName(tree, "noscript")[0] as HtmlElement, "meta")[0];
		expect(refresh?.attributes).toEqual({ "http-equiv": "refresh", content: "60" });
	});

	it("carries Turnstile's widget in the subscribe form only with a site key, and lets only its script and frame in", async () => {
		const without = await pageTree(PAGE_PATHS.home, { at: LATER });
		expect(byClass(without.tree, "cf-turnstile")).toHaveLength(0);
		expect(without.html).not.toContain("challenges.cloudflare.com");

		const response = await getPage(PAGE_PATHS.home, {
			at: LATER,
			vars: { TURNSTILE_SITE_KEY: " 0x4AAAAAAATestSiteKey " },
		});
		expect(response.headers.get("Content-Security-Policy")).toBe(
			"default-src 'none'; style-src 'self'; script-src 'self' https://challenges.cloudflare.com; frame-src https://challenges.cloudflare.com; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
		);
		const tree = parseHtmlOf(await response.text());
		const form = byName(byId(tree, "subscribe"), "form")[0] as HtmlElement;
		expect(byClass(form, "cf-turnstile").map((widget) => widget.attributes)).toEqual([
			{ class: "cf-turnstile", "data-sitekey": "0x4AAAAAAATestSiteKey", "data-action": "subscribe" },
		]);
		expect(byName(tree, "script").map((script) => script.attributes.src)).toContain(
			"https://challenges.cloudflare.com/turnstile/v0/api.js",
		);
	});

	it("lets STATUS_PAGE_FRAME_ANCESTORS say who may frame it, and refuses a value that would add a directive", async () => {
		const framed = await getPage(PAGE_PATHS.home, {
			at: LATER,
			vars: { STATUS_PAGE_FRAME_ANCESTORS: " https://raxx.app   https://*.raxx.app 'self' " },
		});
		expect(framed.status).toBe(200);
		expect(framed.headers.get("Content-Security-Policy")).toMatch(
			/; frame-ancestors https:\/\/raxx\.app https:\/\/\*\.raxx\.app 'self'$/,
		);
		for (const hostile of ["https://raxx.app; script-src *", "*", "javascript:alert(1)", "'unsafe-inline'"]) {
			const refused = await getPage(PAGE_PATHS.home, { at: LATER, vars: { STATUS_PAGE_FRAME_ANCESTORS: hostile } });
			expect(refused.status).toBe(200);
			expect(refused.headers.get("Content-Security-Policy")).toMatch(/; form-action 'self'; frame-ancestors 'none'$/);
			await refused.body?.cancel();
		}
	});

	it("shows the overall banner, what is not operational under it, and every surface in its group with its state", async () => {
		for (const surface of SURFACES) await setState(surface.id, "OPERATIONAL");
		await setState("plaid", "PARTIAL", "Bank links are slow");
		const { tree } = await pageTree(PAGE_PATHS.home, { at: LATER });
		expect(wordsOf(byId(tree, "overall"))).toBe(`! Minor Service Outage 1 of ${SURFACES.length} systems affected`);
		expect(byName(tree, "h1").map(textOf)).toEqual(["raxx.app status"]);

		const groups = [...new Set(SURFACES.map((surface) => surface.group))];
		const systems = byId(tree, "systems");
		expect(byName(systems, "h3").map(textOf)).toEqual(groups);
		expect(byName(systems, "h4").map(textOf)).toEqual(SURFACES.map((surface) => surface.name));
		// A group folds when all its surfaces work, and opens when one does not.
		const plaidGroup = SURFACES.find((surface) => surface.id === "plaid")?.group;
		expect(
			byName(systems, "details").map((details) => [
				textOf(byName(details, "h3")[0] as HtmlElement),
				"open" in details.attributes,
			]),
		).toEqual(groups.map((group) => [group, group === plaidGroup]));

		const plaid = surfaceRow(tree, "Plaid (bank linking)");
		expect(wordsOf(byClass(plaid, "state")[0] as HtmlElement)).toBe("! Partial outage");
		expect(byName(byId(tree, "affected"), "h3").map(textOf)).toEqual(["Plaid (bank linking)"]);
		const plaidAffected = affectedRow(tree, "Plaid (bank linking)");
		expect(wordsOf(byClass(plaidAffected, "state")[0] as HtmlElement)).toBe("! Partial outage");
		expect(textOf(byClass(plaidAffected, "note")[0] as HtmlElement)).toBe("Bank links are slow");
		const since = byName(byClass(plaidAffected, "since")[0] as HtmlElement, "time")[0] as HtmlElement;
		const row = await env.DB.prepare("SELECT state_since FROM surface_state WHERE surface_id = 'plaid'").first<{
			state_since: string;
		}>();
		expect(since.attributes.datetime).toBe(row?.state_since);
		expect(textOf(since)).toBe(`${row?.state_since.slice(0, 10)} ${row?.state_since.slice(11, 16)} UTC`);
		// Also as how long ago, from when the page was read.
		expect(wordsOf(byClass(plaidAffected, "since")[0] as HtmlElement)).toBe(
			`Since ${textOf(since)} (${formatAgo(Math.max(0, LATER - Date.parse(row?.state_since ?? "")))})`,
		);
		const login = surfaceRow(tree, SURFACES.find((surface) => surface.id === "login")?.name ?? "");
		expect(wordsOf(byClass(login, "state")[0] as HtmlElement)).toBe("✓ Operational");
		expect(byClass(login, "note")).toHaveLength(0);
		expect(byClass(login, "since")).toHaveLength(0);

		const updated = byId(tree, "updated");
		expect(updated.attributes.datetime).toBe(iso(LATER));
	});

	it("draws 90 days per surface; each run of alike days that was not operational is one focusable mark with its text", async () => {
		const today = Date.parse("2026-12-01T00:00:00Z");
		await insertAudit([
			{ surfaceId: "plaid", state: "OPERATIONAL", at: today - 20 * DAY },
			{ surfaceId: "plaid", state: "PARTIAL", at: today - 3 * DAY + 10 * HOUR },
			{ surfaceId: "plaid", state: "OPERATIONAL", at: today - 3 * DAY + 10 * HOUR + 12 * MINUTE },
			{ surfaceId: "plaid", state: "DOWN", at: today - DAY + 23 * HOUR },
			{ surfaceId: "plaid", state: "OPERATIONAL", at: today - DAY + 23 * HOUR + 90 * MINUTE },
		]);
		const { tree } = await pageTree(PAGE_PATHS.home, { at: LATER });
		const plaid = surfaceRow(tree, "Plaid (bank linking)");
		expect(markTexts(plaid)).toEqual([
			"2026-09-03 to 2026-10-02: no data",
			"2026-10-03 to 2026-11-01: no data",
			"2026-11-02 to 2026-11-10: no data",
			"2026-11-28: partial outage 12 min, uptime 99.75 %",
			"2026-11-30: major outage 1 h, uptime 95.83 %",
			"2026-12-01 (today): major outage 30 min, uptime 95.45 %",
		]);
		const marks = byName(byClass(plaid, "bar")[0] as HtmlElement, "li");
		const classOf = (mark: HtmlElement, pattern: RegExp) => classesOf(mark).find((name) => pattern.test(name)) ?? "";
		expect(marks.map((mark) => classOf(mark, /^i\d+$/))).toEqual(["", "i30", "i60", "i86", "i88", "i89"]);
		expect(marks.map((mark) => classOf(mark, /^n\d+$/))).toEqual(["n30", "n30", "n9", "", "", ""]);
		expect(marks.map((mark) => classOf(mark, /^b\d$/))).toEqual(["b3", "b2", "", "", "", ""]);
		expect(marks.map((mark) => classesOf(mark)[0])).toEqual(["u", "u", "u", "p", "x", "x"]);
		for (const mark of marks) expect(mark.attributes.tabindex).toBe("0");
		// The caption gives each window's figure over its days with data; days without data count for nothing.
		expect(captionsOf(plaid)).toEqual([
			expect.stringMatching(/^w90: 90 days: 99\.\d+ % uptime, data for 21 of 90 days$/),
			expect.stringMatching(/^w60: 60 days: 99\.\d+ % uptime, data for 21 of 60 days$/),
			expect.stringMatching(/^w30: 30 days: 99\.\d+ % uptime, data for 21 of 30 days$/),
		]);

		const login = surfaceRow(tree, SURFACES.find((surface) => surface.id === "login")?.name ?? "");
		expect(markTexts(login)).toEqual([
			"2026-09-03 to 2026-10-02: no data",
			"2026-10-03 to 2026-11-01: no data",
			"2026-11-02 to 2026-11-30: no data",
			"2026-12-01 (today): no data",
		]);
		expect(captionsOf(login)).toEqual(["wall: No data"]);
	});

	it("escapes every writer's text and isolates its direction: hostile notes and titles stay text", async () => {
		const hostile = `<script>alert(1)</script> "><img src=x onerror=alert(1)> & &amp; '`;
		await setState("plaid", "DOWN", hostile);
		expect((await ticketAt(7, 1, { component: "charts", note: hostile })).status).toBe(200);
		await putOk(
			"hostile",
			windowBody({ title: `<b>${hostile}`, starts_at: iso(NOW + 2 * HOUR), ends_at: iso(NOW + 3 * HOUR) }),
			NOW,
		);
		// A note written by hand, past the public-text rule: a right-to-left override.
		const flipped = "Orders \u202Edeyaled\u202C fail";
		await setState("login", "DEGRADED", "Orders are delayed");
		await env.DB.prepare("UPDATE surface_state SET public_note = ?1 WHERE surface_id = 'login'").bind(flipped).run();
		await setState("charts", "DOWN"); // a write, so the page is built again after the hand edit

		const { html, tree } = await pageTree(PAGE_PATHS.home, { at: LATER });
		expect(byName(tree, "img")).toHaveLength(0);
		expect(byName(tree, "b")).toHaveLength(0);
		expect(byName(tree, "script")).toHaveLength(1);
		expect(html).not.toContain("<script>alert");
		const plaidNote = byClass(affectedRow(tree, "Plaid (bank linking)"), "note")[0] as HtmlElement;
		expect(textOf(plaidNote)).toBe(hostile);
		expect(byName(plaidNote, "bdi")).toHaveLength(1);
		const incident = byId(tree, "open");
		expect(byName(incident, "bdi").map(textOf)).toContain(hostile);
		expect(byName(byId(tree, "maintenance"), "bdi").map(textOf)).toContain(`<b>${hostile}`);
		const loginNote = byClass(
			affectedRow(tree, SURFACES.find((surface) => surface.id === "login")?.name ?? ""),
			"note",
		)[0] as HtmlElement;
		expect(loginNote.nodes).toHaveLength(1);
		expect(byName(loginNote, "bdi").map(textOf)).toEqual([flipped]);
	});

	it("shows an instant a row written by hand put out of range as stored, with no date arithmetic on it", async () => {
		await setState("plaid", "DEGRADED", "Slow");
		await env.DB.batch([
			env.DB.prepare("UPDATE surface_state SET state_since = '+275760-09-13T00:00:00.001Z' WHERE surface_id = 'plaid'"),
			env.DB.prepare(
				"INSERT INTO status_incidents (id, surface_id, opened_at, resolved_at, severity) VALUES (9, 'charts', 'yesterday', ?1, 'partial')",
			).bind(iso(NOW - HOUR)),
		]);
		await setState("login", "OPERATIONAL"); // a write, so the page is built again after the hand edit
		const { html, tree } = await pageTree(PAGE_PATHS.home, { at: LATER });
		const since = byName(byClass(affectedRow(tree, "Plaid (bank linking)"), "since")[0] as HtmlElement, "time")[0];
		expect(since?.attributes).toEqual({});
		expect(textOf(since as HtmlElement)).toBe("+275760-09-13T00:00:00.001Z");
		expect(wordsOf(byClass(affectedRow(tree, "Plaid (bank linking)"), "since")[0] as HtmlElement)).not.toContain("ago");
		const resolved = wordsOf(byId(tree, "past"));
		expect(resolved).toContain("Resolved 2026-12-01 09:00 UTC · Affected: Charts");
		expect(resolved).not.toContain(" after ");
		expect(html).not.toContain("NaN");
	});

	it("lists open incidents with their timeline, and the last 14 days day by day with what was resolved on each", async () => {
		expect((await ticketAt(40, 1, { note: "Orders fail" })).status).toBe(200);
		expect((await ticketAt(40, 5, { incidentStatus: "identified", note: "A bad deploy" })).status).toBe(200);
		expect(
			(await ticketAt(41, -3 * 24 * 60, { component: "charts", severity: "partial", note: "Charts lag" })).status,
		).toBe(200);
		expect(
			(
				await ticketAt(41, -3 * 24 * 60 + 30, {
					component: "charts",
					severity: "partial",
					note: "Charts are back",
					status: "closed",
				})
			).status,
		).toBe(200);
		expect((await ticketAt(42, -40 * 24 * 60, { component: "login", note: "Old" })).status).toBe(200);
		expect(
			(await ticketAt(42, -40 * 24 * 60 + 5, { component: "login", note: "Old, fixed", status: "closed" })).status,
		).toBe(200);
		const { tree } = await pageTree(PAGE_PATHS.home, { at: NOW + 10 * MINUTE });
		const open = byName(byId(tree, "open"), "article");
		expect(open).toHaveLength(1);
		const [article] = open as [HtmlElement];
		expect(textOf(byName(article, "h3")[0] as HtmlElement)).toBe("Order placement: major outage");
		expect(byName(article, "a")[0]?.attributes.href).toBe(incidentPagePath(await publicIdOfTicket(40)));
		expect(byName(byName(article, "ol")[0] as HtmlElement, "li").map((li) => wordsOf(li))).toEqual([
			"Identified · 2026-12-01 10:05 UTC A bad deploy",
			"Investigating · 2026-12-01 10:01 UTC Orders fail",
		]);
		const days = byClass(byId(tree, "past"), "day");
		expect(days.map((day) => textOf(byName(day, "h3")[0] as HtmlElement))).toEqual([
			"Tuesday 2026-12-01 (today)",
			"Monday 2026-11-30",
			"Sunday 2026-11-29",
			"Saturday 2026-11-28",
			"Friday 2026-11-27",
			"Thursday 2026-11-26",
			"Wednesday 2026-11-25",
			"Tuesday 2026-11-24",
			"Monday 2026-11-23",
			"Sunday 2026-11-22",
			"Saturday 2026-11-21",
			"Friday 2026-11-20",
			"Thursday 2026-11-19",
			"Wednesday 2026-11-18",
		]);
		expect(days.map((day) => byName(day, "article").length)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
		expect(wordsOf(days[0] as HtmlElement)).toBe("Tuesday 2026-12-01 (today) No incidents reported.");
		expect(wordsOf(byName(days[3] as HtmlElement, "article")[0] as HtmlElement)).toBe(
			"Charts and price history: partial outage Resolved 2026-11-28 10:30 UTC after 30 min · Affected: Charts and price history Charts are back",
		);
	});

	it("shows maintenance in progress and upcoming, never cancelled or finished", async () => {
		await putOk(
			"now",
			windowBody({ title: "Bank link upgrade", surface_ids: ["deposits"], starts_at: iso(NOW + MINUTE) }),
			NOW,
		);
		await putOk(
			"soon",
			windowBody({ title: "Database upgrade", starts_at: iso(NOW + 5 * HOUR), ends_at: iso(NOW + 6 * HOUR) }),
			NOW,
		);
		await putOk(
			"dropped",
			windowBody({ title: "Dropped", starts_at: iso(NOW + 7 * HOUR), ends_at: iso(NOW + 8 * HOUR) }),
			NOW,
		);
		expect((await deleteWindow("dropped", NOW + MINUTE)).status).toBeLessThan(300);
		await putOk(
			"done",
			windowBody({ title: "Done", starts_at: iso(NOW - 3 * HOUR), ends_at: iso(NOW - 2 * HOUR) }),
			NOW - 4 * HOUR,
		);
		await cycleAt(NOW - 3 * HOUR + MINUTE);
		await cycleAt(NOW + 2 * MINUTE);
		const { tree } = await pageTree(PAGE_PATHS.home, { at: NOW + 3 * MINUTE });
		const windows = byName(byId(tree, "maintenance"), "article").map((article) => wordsOf(article));
		expect(windows).toHaveLength(2);
		expect(windows[0]).toMatch(
			/^Bank link upgrade ◷ In progress 2026-12-01 10:01 UTC to 2026-12-01 12:00 UTC Orders may be delayed Affects: Deposits$/,
		);
		expect(windows[1]).toMatch(/^Database upgrade ◷ Scheduled 2026-12-01 15:00 UTC to 2026-12-01 16:00 UTC/);
		const deposits = surfaceRow(tree, SURFACES.find((surface) => surface.id === "deposits")?.name ?? "");
		expect(wordsOf(byClass(deposits, "state")[0] as HtmlElement)).toBe("◷ Under maintenance");
	});

	it("shows the US market clock: session, today's kind of day, the next open and close", async () => {
		// 10:00 in New York on the day after Thanksgiving: open, closing early at 13:00.
		const { tree } = await pageTree(PAGE_PATHS.home, { at: Date.parse("2026-11-27T15:00:00Z") });
		const clock = byName(byId(tree, "market"), "dd").map((dd) => wordsOf(dd));
		expect(clock).toEqual([
			"Open",
			"Fri 2026-11-27: early close: 09:30 to 13:00 ET (Day after Thanksgiving)",
			"Mon 2026-11-30 09:30 ET",
			"Fri 2026-11-27 13:00 ET",
		]);
		const thanksgiving = await pageTree(PAGE_PATHS.home, { at: Date.parse("2026-11-26T15:00:00Z") });
		expect(byName(byId(thanksgiving.tree, "market"), "dd").map((dd) => wordsOf(dd))).toEqual([
			"Closed",
			"Thu 2026-11-26: closed for Thanksgiving Day",
			"Fri 2026-11-27 09:30 ET",
			"Fri 2026-11-27 13:00 ET",
		]);
	});

	it("answers with a strong ETag, 304 while nothing changed, and a new page after a write", async () => {
		await setState("plaid", "DEGRADED");
		const first = await getPage(PAGE_PATHS.home, { at: LATER });
		const etag = first.headers.get("ETag") ?? "";
		expect(etag).toMatch(/^"page-[0-9a-f]{16}-\d+-\d+-[0-9a-f]{8}"$/);
		const again = await getPage(PAGE_PATHS.home, {
			at: LATER + 1000,
			headers: { "If-None-Match": etag },
			cached: true,
		});
		expect(again.status).toBe(304);
		expect(await again.text()).toBe("");
		await setState("plaid", "OPERATIONAL");
		const after = await getPage(PAGE_PATHS.home, {
			at: LATER + 2000,
			headers: { "If-None-Match": etag },
			cached: true,
		});
		expect(after.status).toBe(200);
		expect(after.headers.get("ETag")).not.toBe(etag);
		expect(wordsOf(byId(parseHtmlOf(await after.text()), "overall"))).toBe("✓ All Systems Operational");
		const head = await getPage(PAGE_PATHS.home, { at: LATER + 3000, method: "HEAD" });
		expect(head.status).toBe(200);
		expect(await head.text()).toBe("");
	});
});

describe("GET /incidents/{id}", () => {
	it("shows one incident with its whole timeline", async () => {
		expect((await ticketAt(40, 1, { note: "Orders fail" })).status).toBe(200);
		expect((await ticketAt(40, 5, { incidentStatus: "identified", note: "A bad deploy" })).status).toBe(200);
		expect((await ticketAt(40, 9, { incidentStatus: "monitoring", note: "Rolled back" })).status).toBe(200);
		expect((await ticketAt(40, 20, { note: "All orders go through", status: "closed" })).status).toBe(200);
		const response = await getPage(incidentPagePath(await publicIdOfTicket(40)), { at: NOW + HOUR });
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Security-Policy")).toMatch(/^default-src 'none'; style-src 'self'; /);
		const tree = parseHtmlOf(await response.text());
		expect(textOf(byName(tree, "title")[0] as HtmlElement)).toBe("Order placement: major outage · raxx.app status");
		expect(byName(tree, "h1").map(textOf)).toEqual(["Order placement: major outage"]);
		expect(byName(byName(tree, "ol")[0] as HtmlElement, "li").map((li) => wordsOf(li))).toEqual([
			"Resolved · 2026-12-01 10:20 UTC All orders go through",
			"Monitoring · 2026-12-01 10:09 UTC Rolled back",
			"Identified · 2026-12-01 10:05 UTC A bad deploy",
			"Investigating · 2026-12-01 10:01 UTC Orders fail",
		]);
		expect(byName(byName(tree, "header")[0] as HtmlElement, "a")[0]?.attributes.href).toBe(PAGE_PATHS.home);
	});

	it("answers an unknown or malformed id with 404 problem+json when JSON is asked for, and writes nothing", async () => {
		for (const id of ["inc_99999", "inc_1", "42", "%3Cscript%3E", "inc_00001%00"]) {
			const headers = { Accept: "application/json" };
			await expectProblem(await getPage(`/incidents/${id}`, { at: LATER, headers }), 404, "not_found");
		}
		expect(await readTables()).toEqual(EMPTY_TABLES);
	});
});

describe("the page's files", () => {
	it("serves each under its content's hash, immutable; any other name is 404", async () => {
		const { tree } = await pageTree(PAGE_PATHS.home, { at: LATER });
		const paths = [
			byName(tree, "link").find((link) => link.attributes.rel === "stylesheet")?.attributes.href,
			byName(tree, "link").find((link) => link.attributes.rel === "icon")?.attributes.href,
			byName(tree, "script")[0]?.attributes.src,
		];
		const types = ["text/css; charset=utf-8", "image/svg+xml", "text/javascript; charset=utf-8"];
		for (const [index, path] of paths.entries()) {
			const response = await getPage(path ?? "", { at: LATER });
			expect(response.status).toBe(200);
			expect(response.headers.get("Content-Type")).toBe(types[index]);
			expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
			const body = await response.arrayBuffer();
			const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", body))]
				.slice(0, 8)
				.map((byte) => byte.toString(16).padStart(2, "0"))
				.join("");
			expect(path).toContain(`.${digest}.`);
		}
		for (const path of ["/assets/style.0000000000000000.css", "/assets/", "/assets/..%2Fsrc%2Findex.ts"]) {
			await expectProblem(await getPage(path, { at: LATER }), 404, "not_found");
		}
	});
});

describe("what is written", () => {
	it("nothing, by any page read", async () => {
		await getPage(PAGE_PATHS.home, { at: LATER });
		await getPage(incidentPagePath("inc_00001"), { at: LATER });
		expect(await readTables()).toEqual(EMPTY_TABLES);
	});
});
