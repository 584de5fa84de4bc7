import { beforeEach, describe, expect, it } from "vitest";
import {
	ATLASSIAN_V2_PATHS,
	incidentPagePath,
	incidentPath,
	PAGE_PATHS,
	PUBLIC_PATHS,
	surfacePath,
} from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { NOW, setState, ticketAt } from "../atlassian-v2/support";
import { childrenNamed, childText, parseXml, type XmlElement } from "../feeds/xml-tree";
import { HOUR, iso, putOk, windowBody } from "../maintenance/support";
import { elements, type HtmlElement, parseHtml } from "../page/html-tree";
import { call } from "../support/http";
import { clearTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { HOSTILE_OUTPUT_TEXTS } from "./corpus";

// Every public output, with every writer's text aimed at an output context: each answer carries
// the text as the text its format holds (src/lib/escape), and no markup, link or image of the
// writer's reaches its reader.

beforeEach(clearTables);

const NOTES = Object.values(HOSTILE_OUTPUT_TEXTS);
const LINK_AND_PIXEL = HOSTILE_OUTPUT_TEXTS["link and remote pixel"];
const LATER = NOW + HOUR;

/** Every writer's text in place: incident notes (the relay), a surface's note, a window's title and note. */
async function writeHostileText(): Promise<void> {
	for (const [index, note] of NOTES.entries()) {
		expect((await ticketAt(100 + index, 1 + index, { note })).status, note).toBe(200);
	}
	await atTime(NOW, () => setState("plaid", "DOWN", LINK_AND_PIXEL));
	await putOk(
		"hostile-window",
		windowBody({
			title: HOSTILE_OUTPUT_TEXTS["Slack mentions"].slice(0, 120),
			public_note: HOSTILE_OUTPUT_TEXTS["markdown link and image"],
			starts_at: iso(NOW + 2 * HOUR),
			ends_at: iso(NOW + 3 * HOUR),
		}),
		NOW,
	);
}

async function get(path: string): Promise<Response> {
	forgetIsolateCopies();
	const response = await atTime(LATER, () => call(path));
	expect(response.status, path).toBe(200);
	expect(response.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
	return response;
}

const HTML_REFERENCES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decodeHtml = (html: string) =>
	html.replace(/&(amp|lt|gt|quot|#39);/g, (reference) => HTML_REFERENCES[reference] ?? "");
/** HTML that is text: no tag can start, no attribute end, no reference but the five. */
function expectInertHtml(html: string, where: string): void {
	expect(html, where).not.toMatch(/[<>"']/);
	expect(html.replace(/&(amp|lt|gt|quot|#39);/g, ""), where).not.toContain("&");
}

/** No element or attribute of the writer's in a page: no link or image to evil.example, no handler. */
function expectNoWriterMarkup(tree: HtmlElement, where: string): void {
	for (const element of elements(tree)) {
		for (const [name, value] of Object.entries(element.attributes)) {
			expect(name.startsWith("on"), `${where}: <${element.name} ${name}>`).toBe(false);
			expect(value, `${where}: <${element.name} ${name}>`).not.toContain("evil.example");
		}
		expect(["img", "svg", "b", "iframe"], `${where}: <${element.name}>`).not.toContain(element.name);
	}
}

/** Every string under the keys `names` anywhere in a JSON answer. */
function stringsUnder(value: unknown, names: ReadonlySet<string>, found: string[] = []): string[] {
	if (Array.isArray(value)) for (const item of value) stringsUnder(item, names, found);
	else if (value !== null && typeof value === "object") {
		for (const [key, item] of Object.entries(value)) {
			if (names.has(key) && typeof item === "string") found.push(item);
			else stringsUnder(item, names, found);
		}
	}
	return found;
}

describe("every public output, with hostile text from every writer", () => {
	it("the HTML page and an incident's page: the text, in no element of the writer's", async () => {
		await writeHostileText();
		const incidents = (await (await get(PUBLIC_PATHS.incidents)).json()) as { incidents: { id: string }[] };
		const paths = [PAGE_PATHS.home, ...incidents.incidents.map(({ id }) => incidentPagePath(id))];
		for (const path of paths) {
			const html = await (await get(path)).text();
			const tree = parseHtml(html);
			expectNoWriterMarkup(tree, path);
			expect(
				[...elements(tree)].filter((element) => element.name === "script"),
				path,
			).toHaveLength(1);
		}
		expect(paths.length).toBe(NOTES.length + 1);
	});

	it("Atom carries text; RSS carries HTML with no element; both give each note back", async () => {
		await writeHostileText();
		const atom = parseXml(await (await get(PUBLIC_PATHS.feedAtom)).text());
		const contents = childrenNamed(atom, "entry").map((entry) => childText(entry, "content"));
		for (const note of NOTES) expect(contents, note).toContain(note.replace(/\r\n?/g, "\n"));
		const channel = childrenNamed(parseXml(await (await get(PUBLIC_PATHS.feedRss)).text()), "channel")[0];
		const items = childrenNamed(channel as XmlElement, "item");
		for (const item of items) {
			for (const name of ["title", "description"]) expectInertHtml(childText(item, name), `RSS ${name}`);
		}
		const descriptions = items.map((item) => decodeHtml(childText(item, "description")));
		for (const note of NOTES) expect(descriptions, note).toContain(note);
	});

	it("the Statuspage JSON: every name and body is HTML-escaped text that reads back as the note", async () => {
		await writeHostileText();
		for (const path of Object.values(ATLASSIAN_V2_PATHS)) {
			const answer = await (await get(path)).json();
			for (const text of stringsUnder(answer, new Set(["name", "body"]))) expectInertHtml(text, path);
		}
		const summary = await (await get(ATLASSIAN_V2_PATHS.incidents)).json();
		const bodies = stringsUnder(summary, new Set(["body"])).map(decodeHtml);
		for (const note of NOTES) expect(bodies, note).toContain(note);
		const windows = await (await get(ATLASSIAN_V2_PATHS.upcomingMaintenances)).json();
		expect(stringsUnder(windows, new Set(["name"])).map(decodeHtml)).toContain(
			HOSTILE_OUTPUT_TEXTS["Slack mentions"].slice(0, 120),
		);
	});

	it("the project's own JSON carries each note as the JSON string it is, unchanged", async () => {
		await writeHostileText();
		const incidents = (await (await get(PUBLIC_PATHS.incidents)).json()) as { incidents: { id: string }[] };
		const notes = stringsUnder(incidents, new Set(["public_note"]));
		for (const note of NOTES) expect(notes, note).toContain(note);
		const one = await (await get(incidentPath(incidents.incidents[0]?.id ?? ""))).json();
		expect(stringsUnder(one, new Set(["public_note"])).length).toBeGreaterThan(0);
		const surfaces = await (await get(PUBLIC_PATHS.surfaces)).json();
		expect(stringsUnder(surfaces, new Set(["public_note"]))).toContain(LINK_AND_PIXEL);
		const windows = await (await get(PUBLIC_PATHS.maintenances)).json();
		expect(stringsUnder(windows, new Set(["public_note"]))).toContain(HOSTILE_OUTPUT_TEXTS["markdown link and image"]);
		for (const path of [PUBLIC_PATHS.incidents, PUBLIC_PATHS.surfaces, PUBLIC_PATHS.maintenances]) {
			expect((await get(path)).headers.get("Content-Type"), path).toBe("application/json");
		}
	});

	it("badges, shields.io, health and the uptime history stay well-formed with hostile text about", async () => {
		await writeHostileText();
		for (const path of [PUBLIC_PATHS.badge, surfacePath(PUBLIC_PATHS.surfaceBadge, "plaid")]) {
			const svg = parseXml(await (await get(path)).text());
			expect(svg.local, path).toBe("svg");
		}
		for (const path of [surfacePath(PUBLIC_PATHS.surfaceShields, "plaid"), PUBLIC_PATHS.uptime]) {
			expect(typeof (await (await get(path)).json()), path).toBe("object");
		}
		forgetIsolateCopies();
		const health = await atTime(LATER, () => call(PUBLIC_PATHS.health));
		expect(health.status).toBe(503);
		expect(JSON.stringify(await health.json())).not.toContain("evil.example");
	});
});
