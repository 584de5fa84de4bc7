import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
	discordMarkdown,
	emailHtml,
	emailPlainText,
	emailSubject,
	escapeHtml,
	rssHtml,
	slackMrkdwn,
	statuspageText,
	teamsTextBlock,
	xmlAttribute,
	xmlText,
} from "../../../src/lib/escape";
import { HOSTILE_OUTPUT_CONTROLS, HOSTILE_OUTPUT_TEXTS } from "../../worker/hostile/corpus";

// One function per output context, each with the text aimed at it (test/worker/hostile/corpus.ts).

const LINK_AND_PIXEL = HOSTILE_OUTPUT_TEXTS["link and remote pixel"];

describe("HTML (escapeHtml: a mail's HTML part, the Statuspage JSON's names and bodies)", () => {
	it("writes the five markup characters as references and nothing else", () => {
		expect(escapeHtml(LINK_AND_PIXEL)).toBe(
			"&lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt;&lt;img src=&quot;https://evil.example/p.png&quot;&gt;",
		);
		expect(escapeHtml(`"><svg onload=alert(1)> ' x`)).toBe("&quot;&gt;&lt;svg onload=alert(1)&gt; &#39; x");
		expect(escapeHtml("Café 😀 résumé, 1 < 2")).toBe("Café 😀 résumé, 1 &lt; 2");
	});

	it("escapes an entity again, so a note that reads &amp; shows &amp;", () => {
		expect(escapeHtml("&amp; &lt;b&gt; &#60;")).toBe("&amp;amp; &amp;lt;b&amp;gt; &amp;#60;");
	});

	it("drops what no markup may carry, keeps tab, line feed and carriage return", () => {
		expect(escapeHtml("a\u0000b\u0007c\tD\nE\rF\uFFFEG\uD800H")).toBe("abc\tD\nE\rFGH");
	});

	it("is the Statuspage JSON's escaping", () => {
		expect(statuspageText).toBe(escapeHtml);
	});
});

describe("XML text and attributes (Atom, SVG badges)", () => {
	it("escape the five markup characters and CDATA ends", () => {
		expect(xmlText(`</content><script>x</script> ]]> & 'a' "b"`)).toBe(
			"&lt;/content&gt;&lt;script&gt;x&lt;/script&gt; ]]&gt; &amp; &apos;a&apos; &quot;b&quot;",
		);
		expect(xmlAttribute(`x" onload="alert(1)`)).toBe("x&quot; onload=&quot;alert(1)");
	});
});

describe("RSS (rssHtml: HTML inside XML)", () => {
	it("escapes as HTML, then that HTML as XML: a reader's HTML has the text and no element", () => {
		expect(rssHtml(LINK_AND_PIXEL)).toBe(
			"&amp;lt;a href=&amp;quot;https://evil.example&amp;quot;&amp;gt;x&amp;lt;/a&amp;gt;&amp;lt;img src=&amp;quot;https://evil.example/p.png&amp;quot;&amp;gt;",
		);
		expect(rssHtml("]]> &amp;")).toBe("]]&amp;gt; &amp;amp;amp;");
		expect(rssHtml("Orders: resolved")).toBe("Orders: resolved");
	});
});

describe("Slack mrkdwn", () => {
	it("writes &, < and > as Slack's three entities: no mention, channel link, broadcast or labelled link", () => {
		expect(slackMrkdwn(HOSTILE_OUTPUT_TEXTS["Slack mentions"])).toBe(
			"&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@\u200BU024BE7LH&gt; &lt;#C024BE7LR&gt; &lt;!subteam^S012&gt; &lt;!date^0^{date}|x&gt;",
		);
		expect(slackMrkdwn(HOSTILE_OUTPUT_TEXTS["Slack link"])).toBe("&lt;https://evil.example|your invoice&gt;");
		expect(slackMrkdwn("&amp; A&B")).toBe("&amp;amp; A&amp;B");
	});

	it("breaks every bare @ with a zero-width space and leaves quotes and emphasis alone", () => {
		expect(slackMrkdwn("@channel @here ops@raxx.app")).toBe("@\u200Bchannel @\u200Bhere ops@\u200Braxx.app");
		expect(slackMrkdwn(`"*bold*" _it_ 'x'`)).toBe(`"*bold*" _it_ 'x'`);
	});

	it("drops bidirectional and other controls, keeps lines", () => {
		expect(slackMrkdwn(HOSTILE_OUTPUT_CONTROLS["right-to-left override"])).toBe("invoicegnp.exe");
		expect(slackMrkdwn("a\r\nb\u0000c\u2028d")).toBe("a\nbcd");
	});
});

describe("Discord markdown", () => {
	it("escapes every ASCII punctuation character and breaks every @: no link, mention or formatting", () => {
		expect(discordMarkdown(HOSTILE_OUTPUT_TEXTS["markdown link and image"])).toBe(
			String.raw`\[your invoice\]\(https\:\/\/evil\.example\) \!\[p\]\(https\:\/\/evil\.example\/p\.png\) \<https\:\/\/evil\.example\>`,
		);
		expect(discordMarkdown("@everyone <@&98>")).toBe("\\@\u200Beveryone \\<\\@\u200B\\&98\\>");
		expect(discordMarkdown("||x|| # h\n> q")).toBe("\\|\\|x\\|\\| \\# h\n\\> q");
		expect(discordMarkdown(String.raw`\*`)).toBe(String.raw`\\\*`);
	});

	it("keeps letters, digits, spaces and every other script as they are", () => {
		expect(discordMarkdown("Orders fail 42 ünd 注文 😀")).toBe("Orders fail 42 ünd 注文 😀");
	});
});

describe("Teams (Adaptive Card TextBlock)", () => {
	it("escapes markdown and the card's date functions apart", () => {
		expect(teamsTextBlock(HOSTILE_OUTPUT_TEXTS["Adaptive Cards function"])).toBe(
			String.raw`\{\{DATE\(2017\-02\-14T06\:00\:00Z\, SHORT\)\}\} \{\{TIME\(2017\-02\-14T06\:00\:00Z\)\}\}`,
		);
		expect(teamsTextBlock("[x](https://e.example) **b**")).toBe(String.raw`\[x\]\(https\:\/\/e\.example\) \*\*b\*\*`);
	});
});

describe("email", () => {
	it("HTML part: escaped like HTML, without bidirectional controls", () => {
		expect(emailHtml(`<b>x</b> \u202Egnp.exe & "q"`)).toBe("&lt;b&gt;x&lt;/b&gt; gnp.exe &amp; &quot;q&quot;");
	});

	it("text part: lines kept, controls dropped", () => {
		expect(emailPlainText("Line 1\r\nLine 2\rLine 3\u0007\u202E\tend <b>")).toBe("Line 1\nLine 2\nLine 3\tend <b>");
	});

	it("subject: one line, so no text adds a header", () => {
		expect(emailSubject(HOSTILE_OUTPUT_CONTROLS["carriage return header"])).toBe("Outage Bcc: everyone@evil.example");
		expect(emailSubject("a\nb\rc\td\u0085e\u2028f")).toBe("a b c d e f");
	});
});

describe("the HTML page", () => {
	it("leaves escaping to JSX and the html template: no source passes markup through raw() or dangerouslySetInnerHTML", () => {
		const sources = readdirSync("src", { recursive: true, encoding: "utf8" }).filter((file) => /\.tsx?$/.test(file));
		expect(sources.length).toBeGreaterThan(50);
		for (const file of sources) {
			const source = readFileSync(join("src", file), "utf8");
			expect(source, file).not.toMatch(/dangerouslySetInnerHTML\s*[=:]/);
			// raw() can only come from these modules: importing it (or all of them) is what is refused.
			expect(source, file).not.toMatch(/(\{[^}]*\braw\b[^}]*\}|\*\s+as\s+\w+)\s*from\s+"hono\/(html|utils\/html)"/);
		}
	});
});
