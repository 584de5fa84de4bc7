import fc from "fast-check";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { OUTPUT_CONTEXTS } from "../../../src/lib/escape";
import { HOSTILE_OUTPUT_CONTROLS, HOSTILE_OUTPUT_TEXTS } from "../../worker/hostile/corpus";
import { runs } from "../support/runs";

// For any text, what each context's function writes has none of the context's active syntax from
// the text, and the reader gets the text back: escaping hides nothing and adds nothing.

const FRAGMENTS = [
	...Object.values(HOSTILE_OUTPUT_TEXTS),
	...Object.values(HOSTILE_OUTPUT_CONTROLS),
	"<",
	">",
	"&",
	'"',
	"'",
	"]]>",
	"@",
	"everyone",
	"\\",
	"[",
	"](",
	"{{",
	"\u200B",
	"\u202E",
	"\u2069",
	"\r\n",
	"\uD800",
];

/** Text built from the hostile fragments and any code unit at all (lone surrogates too). */
const hostileText = fc.string({
	unit: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: "binary", maxLength: 3 })),
	maxLength: 12,
});

const property = (check: (text: string) => void) => {
	fc.assert(fc.property(hostileText, check), { numRuns: runs(300, 20_000) });
};

const isXmlChar = (char: string) => {
	const code = char.codePointAt(0) ?? 0;
	if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
	return !(code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff));
};
/** The text as markup can carry it: XML's characters only. */
const markupChars = (text: string) => [...text].filter(isXmlChar).join("");
/** What an XML parser reports for text content: line ends normalised. */
const xmlLineEnds = (text: string) => text.replace(/\r\n?/g, "\n");
const BIDI = /[\u202A-\u202E\u2066-\u2069]/gu;
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]|\p{Cs}/gu;
const plainLines = (text: string) => text.replace(/\r\n?/g, "\n").replace(BIDI, "").replace(CONTROLS, "");

/** The element's text and its attribute `a`, as a strict XML 1.0 parser reads them (throws when ill-formed). */
function parseXml(xml: string): { text: string; attribute: string; elements: number } {
	const parser = new SaxesParser();
	let failure: Error | null = null;
	let text = "";
	let attribute = "";
	let elements = 0;
	parser.on("error", (error) => {
		failure ??= error;
	});
	parser.on("opentag", (tag) => {
		elements += 1;
		if (elements === 1) attribute = String(tag.attributes.a ?? "");
	});
	parser.on("text", (chunk) => {
		text += chunk;
	});
	parser.write(xml).close();
	if (failure) throw failure;
	return { text, attribute, elements };
}

const HTML_REFERENCES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
const decodeHtml = (html: string) =>
	html.replace(/&(amp|lt|gt|quot|#39);/g, (reference) => HTML_REFERENCES[reference] ?? "");
/** HTML with no element, no attribute break-out and no reference but the five. */
const expectInertHtml = (html: string) => {
	expect(html).not.toMatch(/[<>"']/);
	expect(html.replace(/&(amp|lt|gt|quot|#39);/g, "")).not.toContain("&");
};

const PUNCTUATION = /[!-/:-@[-`{-~]/;
const ESCAPED_MARKDOWN = /^(?:\\[!-/:-@[-`{-~]|[^!-/:-@[-`{-~])*$/su;
const unescapeMarkdown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, "$1");

describe("every output context, for any text", () => {
	it("XML text and attribute: well-formed, one element, the text and value read back", () => {
		property((text) => {
			const parsed = parseXml(`<d a="${OUTPUT_CONTEXTS.xmlAttribute(text)}">${OUTPUT_CONTEXTS.xmlText(text)}</d>`);
			expect(parsed.elements).toBe(1);
			expect(parsed.text).toBe(xmlLineEnds(markupChars(text)));
			expect(parsed.attribute).toBe(xmlLineEnds(markupChars(text)).replace(/[\t\n]/g, " "));
		});
	});

	it("RSS: well-formed XML whose text is HTML with no element, which reads back as the text", () => {
		property((text) => {
			const parsed = parseXml(`<description>${OUTPUT_CONTEXTS.rssHtml(text)}</description>`);
			expect(parsed.elements).toBe(1);
			expectInertHtml(parsed.text);
			expect(decodeHtml(parsed.text)).toBe(xmlLineEnds(markupChars(text)));
		});
	});

	it("Statuspage JSON and a mail's HTML: inert HTML that reads back as the text", () => {
		property((text) => {
			for (const escapeFor of [OUTPUT_CONTEXTS.statuspageText, OUTPUT_CONTEXTS.emailHtml]) {
				const html = escapeFor(text);
				expectInertHtml(html);
				expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
			}
			expect(decodeHtml(OUTPUT_CONTEXTS.statuspageText(text))).toBe(markupChars(text));
			expect(decodeHtml(OUTPUT_CONTEXTS.emailHtml(text))).toBe(markupChars(text).replace(BIDI, ""));
		});
	});

	it("Slack: no <, > or bare &, no @ a mention could start from, and the text back", () => {
		property((text) => {
			const mrkdwn = OUTPUT_CONTEXTS.slackMrkdwn(text);
			expect(mrkdwn).not.toMatch(/[<>]/);
			expect(mrkdwn.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
			expect(mrkdwn).not.toMatch(/@(?!\u200B)/);
			expect(mrkdwn).not.toMatch(BIDI);
			const back = mrkdwn.replaceAll("@\u200B", "@").replace(/&(amp|lt|gt);/g, (r) => HTML_REFERENCES[r] ?? "");
			expect(back).toBe(plainLines(text));
		});
	});

	it("Discord and Teams: every ASCII punctuation escaped, Discord's @ broken, and the text back", () => {
		property((text) => {
			const discord = OUTPUT_CONTEXTS.discordMarkdown(text);
			const teams = OUTPUT_CONTEXTS.teamsTextBlock(text);
			for (const markdown of [discord.replaceAll("@\u200B", "@"), teams]) {
				expect(markdown).toMatch(ESCAPED_MARKDOWN);
				expect(markdown).not.toMatch(BIDI);
				expect(unescapeMarkdown(markdown)).toBe(plainLines(text));
			}
			expect(discord).not.toMatch(/@(?!\u200B)/);
			expect(PUNCTUATION.test(teams) || !PUNCTUATION.test(text)).toBe(true);
		});
	});

	it("email text and subject: no control a reader or a header acts on; the subject is one line", () => {
		property((text) => {
			const body = OUTPUT_CONTEXTS.emailPlainText(text);
			expect(body).not.toMatch(CONTROLS);
			expect(body).not.toMatch(BIDI);
			expect(body).not.toContain("\r");
			const subject = OUTPUT_CONTEXTS.emailSubject(text);
			expect(subject).not.toMatch(/[\r\n]/);
			expect(subject).not.toMatch(CONTROLS);
			expect(subject).not.toMatch(BIDI);
		});
	});
});
