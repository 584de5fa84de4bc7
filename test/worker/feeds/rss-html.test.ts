import { beforeEach, describe, expect, it } from "vitest";
import { PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { NOW, ticketAt } from "../atlassian-v2/support";
import { HOSTILE_OUTPUT_TEXTS } from "../hostile/corpus";
import { HOUR, iso, putOk, windowBody } from "../maintenance/support";
import { type HtmlElement, parseHtml } from "../page/html-tree";
import { call } from "../support/http";
import { clearTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { childrenNamed, childText, parseXml, type XmlElement } from "./xml-tree";

// RSS readers render an item's title and description as HTML: what the XML carries there is
// HTML that, parsed, is the writer's text and no element.

beforeEach(clearTables);

const LINK_AND_PIXEL = HOSTILE_OUTPUT_TEXTS["link and remote pixel"];

async function rssItems(): Promise<XmlElement[]> {
	forgetIsolateCopies();
	const response = await atTime(NOW + HOUR, () => call(PUBLIC_PATHS.feedRss));
	expect(response.status).toBe(200);
	const channel = childrenNamed(parseXml(await response.text()), "channel")[0];
	if (!channel) throw new Error("no channel");
	return childrenNamed(channel, "item");
}

/** HTML as a reader gets it, parsed: its elements (none, for text) and the text it shows. */
function asHtml(html: string): { elements: HtmlElement[]; text: string } {
	const root = parseHtml(`<div>${html}</div>`);
	const elements = root.nodes.filter((node): node is HtmlElement => typeof node !== "string");
	return { elements, text: root.nodes.filter((node) => typeof node === "string").join("") };
}

/** Text that holds no element however an HTML parser reads it: a `<` is what every tag starts with. */
function expectHtmlText(html: string, text: string): void {
	expect(html).not.toContain("<");
	const parsed = asHtml(html);
	expect(parsed.elements).toEqual([]);
	expect(parsed.text).toBe(text);
}

describe("the RSS feed's HTML", () => {
	it("a note with a link and a remote image is text in the reader, not a link and a pixel", async () => {
		expect((await ticketAt(40, 1, { note: LINK_AND_PIXEL })).status).toBe(200);
		const [item] = await rssItems();
		if (!item) throw new Error("no item");
		expectHtmlText(childText(item, "description"), LINK_AND_PIXEL);
	});

	it("every hostile note, and a maintenance title, reach the reader as their own text", async () => {
		const notes = Object.values(HOSTILE_OUTPUT_TEXTS);
		for (const [index, note] of notes.entries()) {
			expect((await ticketAt(40 + index, 1 + index, { note })).status, note).toBe(200);
		}
		await putOk(
			"rss-hostile",
			windowBody({ title: LINK_AND_PIXEL, starts_at: iso(NOW + 2 * HOUR), ends_at: iso(NOW + 3 * HOUR) }),
			NOW,
		);
		const items = await rssItems();
		const descriptions = items.map((item) => childText(item, "description"));
		for (const note of notes)
			expect(descriptions.filter((description) => asHtml(description).text === note)).toHaveLength(1);
		for (const item of items) {
			for (const name of ["title", "description"]) {
				const html = childText(item, name);
				expect(html, name).not.toContain("<");
				expect(asHtml(html).elements, name).toEqual([]);
			}
		}
		const maintenance = items.find((item) => childText(item, "title").includes("Scheduled maintenance"));
		expect(asHtml(childText(maintenance as XmlElement, "title")).text).toBe(
			`Scheduled maintenance: ${LINK_AND_PIXEL}, scheduled`,
		);
	});
});
