import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { NOW, ticketAt } from "../atlassian-v2/support";
import { cycleAt, HOUR, iso, MINUTE, putOk, windowBody } from "../maintenance/support";
import { call, expectProblem } from "../support/http";
import { clearTables, readTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { childrenNamed, childText, parseXml, type XmlElement } from "./xml-tree";

// Atom and RSS feeds of incident updates and maintenance announcements.

beforeEach(clearTables);

const ATOM = "http://www.w3.org/2005/Atom";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RFC822 =
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

async function feed(path: string, at = NOW + HOUR, headers: HeadersInit = {}): Promise<Response> {
	forgetIsolateCopies();
	return atTime(at, () => call(path, { headers }));
}

async function atom(at?: number): Promise<XmlElement> {
	const response = await feed(PUBLIC_PATHS.feedAtom, at);
	expect(response.status).toBe(200);
	return parseXml(await response.text());
}

async function rss(at?: number): Promise<XmlElement> {
	const response = await feed(PUBLIC_PATHS.feedRss, at);
	expect(response.status).toBe(200);
	return parseXml(await response.text());
}

const HTML_REFERENCES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
/** The text of HTML that holds only text and the five references src/lib/escape writes. */
const decodeHtmlText = (html: string) =>
	html.replace(/&(amp|lt|gt|quot|#39);/g, (reference) => HTML_REFERENCES[reference] ?? "");

const isAbsoluteIri = (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value);

/** The rules of RFC 4287 a feed validator checks, for the feed and each entry. */
function expectValidAtom(feed: XmlElement): void {
	expect([feed.uri, feed.local]).toEqual([ATOM, "feed"]);
	for (const name of ["id", "title", "updated"]) expect(childrenNamed(feed, name), `feed ${name}`).toHaveLength(1);
	expect(isAbsoluteIri(childText(feed, "id"))).toBe(true);
	expect(childText(feed, "updated")).toMatch(RFC3339);
	expect(childrenNamed(feed, "author").length).toBeGreaterThan(0);
	expect(childText(childrenNamed(feed, "author")[0] as XmlElement, "name")).not.toBe("");
	const self = childrenNamed(feed, "link").filter((link) => link.attributes.rel === "self");
	expect(self).toHaveLength(1);
	for (const link of childrenNamed(feed, "link")) expect(isAbsoluteIri(link.attributes.href ?? "")).toBe(true);
	const ids = new Set<string>();
	for (const entry of childrenNamed(feed, "entry")) {
		for (const name of ["id", "title", "updated"]) expect(childrenNamed(entry, name), `entry ${name}`).toHaveLength(1);
		for (const name of ["content", "published"]) expect(childrenNamed(entry, name).length).toBeLessThanOrEqual(1);
		const id = childText(entry, "id");
		expect(isAbsoluteIri(id), id).toBe(true);
		expect(ids.has(id), `duplicate id ${id}`).toBe(false);
		ids.add(id);
		expect(childText(entry, "updated")).toMatch(RFC3339);
		expect(childText(entry, "published")).toMatch(RFC3339);
		const alternate = childrenNamed(entry, "link").filter((link) => link.attributes.rel === "alternate");
		expect(alternate).toHaveLength(1);
		expect(isAbsoluteIri(alternate[0]?.attributes.href ?? "")).toBe(true);
		expect(childrenNamed(entry, "content")[0]?.attributes.type).toBe("text");
	}
}

function expectValidRss(root: XmlElement): void {
	expect([root.local, root.attributes.version]).toEqual(["rss", "2.0"]);
	const [channel] = childrenNamed(root, "channel");
	expect(channel).toBeDefined();
	if (!channel) return;
	for (const name of ["title", "link", "description"]) expect(childrenNamed(channel, name), name).toHaveLength(1);
	expect(childText(channel, "lastBuildDate")).toMatch(RFC822);
	expect(childrenNamed(channel, "link", ATOM)[0]?.attributes.rel).toBe("self");
	const guids = new Set<string>();
	for (const item of childrenNamed(channel, "item")) {
		expect(childrenNamed(item, "title")).toHaveLength(1);
		expect(childText(item, "pubDate")).toMatch(RFC822);
		expect(isAbsoluteIri(childText(item, "link"))).toBe(true);
		const guid = childText(item, "guid");
		expect(guids.has(guid)).toBe(false);
		guids.add(guid);
	}
}

const entries = (feed: XmlElement) =>
	childrenNamed(feed, "entry").map((entry) => ({
		id: childText(entry, "id"),
		title: childText(entry, "title"),
		text: childText(entry, "content"),
		updated: childText(entry, "updated"),
	}));

describe("the feeds", () => {
	it("list incident updates and maintenance announcements, newest first, valid Atom and RSS", async () => {
		expect((await ticketAt(40, 1)).status).toBe(200);
		expect((await ticketAt(40, 5, { incidentStatus: "identified", note: "A bad deploy" })).status).toBe(200);
		expect((await ticketAt(40, 9, { status: "closed", note: "Fixed" })).status).toBe(200);
		await putOk(
			"db",
			windowBody({ starts_at: iso(NOW + 20 * MINUTE), ends_at: iso(NOW + 30 * MINUTE) }),
			NOW + 10 * MINUTE,
		);
		await cycleAt(NOW + 21 * MINUTE);

		const feed = await atom();
		expectValidAtom(feed);
		expect(childText(feed, "title")).toBe("raxx.app status");
		expect(entries(feed).map(({ title, text, updated }) => [title, text, updated])).toEqual([
			[
				"Scheduled maintenance: Database upgrade, in progress",
				`Scheduled maintenance is in progress. (${iso(NOW + 20 * MINUTE)} to ${iso(NOW + 30 * MINUTE)})`,
				iso(NOW + 21 * MINUTE),
			],
			[
				"Scheduled maintenance: Database upgrade, scheduled",
				`Orders may be delayed (${iso(NOW + 20 * MINUTE)} to ${iso(NOW + 30 * MINUTE)})`,
				iso(NOW + 10 * MINUTE),
			],
			["Order placement: resolved", "Fixed", iso(NOW + 9 * MINUTE)],
			["Order placement: major outage, identified", "A bad deploy", iso(NOW + 5 * MINUTE)],
			["Order placement: major outage, investigating", "Orders fail", iso(NOW + MINUTE)],
		]);
		expect(childText(feed, "updated")).toBe(iso(NOW + 21 * MINUTE));
		const incidentLink = childrenNamed(childrenNamed(feed, "entry")[2] as XmlElement, "link")[0]?.attributes.href;
		expect(incidentLink).toBe(new URL("/api/status/public/incidents/inc_00001", env.STATUS_PUBLIC_ORIGIN).href);

		const document = await rss();
		expectValidRss(document);
		const channel = childrenNamed(document, "channel")[0] as XmlElement;
		expect(childrenNamed(channel, "item").map((item) => [childText(item, "title"), childText(item, "guid")])).toEqual(
			entries(feed).map(({ title, id }) => [title, id]),
		);
		expect(childText(childrenNamed(channel, "item")[2] as XmlElement, "pubDate")).toBe(
			new Date(NOW + 9 * MINUTE).toUTCString(),
		);
	});

	it("keep every entry's id as new updates arrive, and show an edited announcement again with a later updated", async () => {
		expect((await ticketAt(40, 1)).status).toBe(200);
		await putOk("db", windowBody({ starts_at: iso(NOW + 5 * HOUR), ends_at: iso(NOW + 6 * HOUR) }), NOW + 2 * MINUTE);
		const before = entries(await atom());
		expect((await ticketAt(40, 5, { incidentStatus: "identified", note: "A bad deploy" })).status).toBe(200);
		await putOk(
			"db",
			windowBody({
				public_note: "Orders will be delayed",
				starts_at: iso(NOW + 5 * HOUR),
				ends_at: iso(NOW + 6 * HOUR),
			}),
			NOW + 7 * MINUTE,
		);
		const after = entries(await atom());
		// The incident's first update: same id, same time - a reader shows it once.
		const first = before.find((entry) => entry.title.endsWith("investigating"));
		expect(after).toContainEqual(first);
		// The announcement: same id, edited text, later updated - a reader sees the edit.
		const announced = before.find((entry) => entry.title.startsWith("Scheduled maintenance"));
		const edited = after.find((entry) => entry.id === announced?.id);
		expect(edited?.text).toMatch(/^Orders will be delayed/);
		expect(edited?.updated).toBe(iso(NOW + 7 * MINUTE));
		expect(after.map((entry) => entry.updated)).toEqual([...after.map((entry) => entry.updated)].sort().reverse());
	});

	it("carry at most the 50 newest entries", async () => {
		for (let minute = 0; minute < 60; minute += 1) {
			expect((await ticketAt(40, minute, { note: `Update ${minute}` })).status).toBe(200);
		}
		const listed = entries(await atom(NOW + 2 * HOUR));
		expect(listed).toHaveLength(50);
		expect(listed[0]?.text).toBe("Update 59");
		expect(listed[49]?.text).toBe("Update 10");
		expect(childrenNamed(childrenNamed(await rss(NOW + 2 * HOUR), "channel")[0] as XmlElement, "item")).toHaveLength(
			50,
		);
	});

	it("escape every note: markup, entities, CDATA ends and control characters cannot break the XML", async () => {
		const hostile = `</content><script>alert(1)</script> & &amp; ]]> "quoted" 'single' <![CDATA[x]]>`;
		expect((await ticketAt(40, 1, { note: hostile })).status).toBe(200);
		// A row written by hand (wrangler d1 execute) skips the public-text rule: the feed still holds.
		await env.DB.prepare(
			"INSERT INTO status_incidents (id, surface_id, opened_at, resolved_at, severity, public_note) VALUES (7, 'charts', ?1, NULL, 'partial', ?2)",
		)
			.bind(iso(NOW + 2 * MINUTE), "nul\u0000 bell\u0007 esc\u001B end\uFFFF")
			.run();
		for (const path of [PUBLIC_PATHS.feedAtom, PUBLIC_PATHS.feedRss]) {
			const text = await (await feed(path)).text();
			expect(text).not.toContain("<script>");
			expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
			const root = parseXml(text);
			const items =
				path === PUBLIC_PATHS.feedAtom
					? childrenNamed(root, "entry").map((entry) => childText(entry, "content"))
					: childrenNamed(childrenNamed(root, "channel")[0] as XmlElement, "item").map((item) =>
							childText(item, "description"),
						);
			// RSS carries HTML: the text a reader shows is the HTML's, decoded.
			const shown = path === PUBLIC_PATHS.feedAtom ? items : items.map(decodeHtmlText);
			expect(shown).toEqual(["nul bell esc end", hostile]);
		}
		expectValidAtom(await atom());
	});
});

describe("the contract", () => {
	it("content types, CORS, a strong ETag with 304 until a write, and the new entry at once", async () => {
		for (const [path, type] of [
			[PUBLIC_PATHS.feedAtom, "application/atom+xml; charset=utf-8"],
			[PUBLIC_PATHS.feedRss, "application/rss+xml; charset=utf-8"],
		] as const) {
			const first = await feed(path);
			expect(first.headers.get("Content-Type")).toBe(type);
			expect(first.headers.get("Access-Control-Allow-Origin")).toBe("*");
			expect(first.headers.get("X-Content-Type-Options")).toBe("nosniff");
			const etag = first.headers.get("ETag") ?? "";
			expect(etag).toMatch(/^"feed-(atom|rss)-\d+-[0-9a-f]{8}"$/);
			expect((await feed(path, NOW + HOUR, { "If-None-Match": etag })).status).toBe(304);
			expect((await ticketAt(50 + etag.length, 1)).status).toBe(200);
			const fresh = await feed(path, NOW + HOUR, { "If-None-Match": etag });
			expect(fresh.status).toBe(200);
			expect(await fresh.text()).toContain("Orders fail");
		}
	});

	it("refuses writes as problem+json and writes nothing", async () => {
		expect((await ticketAt(40, 1)).status).toBe(200);
		const before = await readTables();
		await expectProblem(await call(PUBLIC_PATHS.feedAtom, { method: "POST", body: "<x/>" }), 405, "method_not_allowed");
		await expectProblem(await call(`${PUBLIC_PATHS.feedRss}/x`), 404, "not_found");
		expect(await readTables()).toEqual(before);
	});
});
