import { describe, expect, it } from "vitest";
import { renderBadge, STATE_BADGES } from "../../src/http/badges";
import type { FeedEntry } from "../../src/http/feed-entries";
import { type FeedHead, renderAtom, renderRss } from "../../src/http/feeds";

// What the badges and the feeds write, byte for byte: every text from writers escaped.

describe("badges", () => {
	it("draw label and state, sized by the text, coloured by state, named for screen readers", () => {
		// "ab" is 14 px wide (two 7 px letters), "i1" 7 (3.5 each), "mW" 20 (10 each), plus 10 of padding;
		// "operational" 70 (its i and l narrow).
		expect(renderBadge("ab", STATE_BADGES.OPERATIONAL)).toBe(
			[
				'<svg xmlns="http://www.w3.org/2000/svg" width="104" height="20" role="img" aria-label="ab: operational">',
				"<title>ab: operational</title>",
				'<rect width="24" height="20" fill="#555"/>',
				'<rect x="24" width="80" height="20" fill="#4c1"/>',
				'<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
				'<text x="12" y="14">ab</text>',
				'<text x="64" y="14">operational</text>',
				"</g></svg>",
			].join(""),
		);
		expect(renderBadge("i1", STATE_BADGES.DOWN)).toContain('<rect width="17" height="20" fill="#555"/>');
		expect(renderBadge("mW", STATE_BADGES.DOWN)).toContain('<rect width="30" height="20" fill="#555"/>');
		expect(renderBadge("i", STATE_BADGES.DOWN)).toContain('<rect width="14" height="20" fill="#555"/>');
		for (const char of ["l", "j", ".", ",", ":", ";", "|", "!", "'"]) {
			expect(renderBadge(char, STATE_BADGES.DOWN), char).toContain('<rect width="14" height="20" fill="#555"/>');
		}
		for (const char of ["w", "M", "@"])
			expect(renderBadge(char, STATE_BADGES.DOWN), char).toContain('<rect width="20"');
	});

	it("use Statuspage's words and shields.io's colours", () => {
		expect(STATE_BADGES).toEqual({
			OPERATIONAL: { message: "operational", color: "brightgreen", hex: "#4c1" },
			DEGRADED: { message: "degraded performance", color: "yellow", hex: "#dfb317" },
			PARTIAL: { message: "partial outage", color: "orange", hex: "#fe7d37" },
			DOWN: { message: "major outage", color: "red", hex: "#e05d44" },
			MAINTENANCE: { message: "under maintenance", color: "blue", hex: "#007ec6" },
			UNKNOWN: { message: "unknown", color: "lightgrey", hex: "#9f9f9f" },
		});
	});

	it("escape a hostile label in the name, the title and the text", () => {
		const svg = renderBadge(`"><script>&`, STATE_BADGES.PARTIAL);
		expect(svg).not.toContain("<script>");
		expect(svg).toContain('aria-label="&quot;&gt;&lt;script&gt;&amp;: partial outage"');
		expect(svg).toContain("<title>&quot;&gt;&lt;script&gt;&amp;: partial outage</title>");
		expect(svg).toContain(">&quot;&gt;&lt;script&gt;&amp;</text>");
	});
});

describe("feeds", () => {
	const head: FeedHead = {
		pageName: `A&B <status>`,
		selfUrl: "https://status.example/feed?a=1&b=2",
		pageUrl: "https://status.example/",
		updated: "2026-12-01T10:05:00.000Z",
	};
	const entry: FeedEntry = {
		id: "https://status.example/incidents/inc_00001#upd_00001_x",
		title: `Orders: "down" <now>`,
		text: `</content><script>alert(1)</script> ]]> & \u0001`,
		link: "https://status.example/incidents/inc_00001?x=1&y=2",
		published: "2026-12-01T10:00:00.000Z",
		updated: "2026-12-01T10:05:00.000Z",
	};

	it("Atom: the feed's head, then each entry, every text escaped", () => {
		expect(renderAtom(head, [entry]).split("\n")).toEqual([
			'<?xml version="1.0" encoding="utf-8"?>',
			'<feed xmlns="http://www.w3.org/2005/Atom">',
			"<id>https://status.example/feed?a=1&amp;b=2</id>",
			"<title>A&amp;B &lt;status&gt; status</title>",
			"<updated>2026-12-01T10:05:00.000Z</updated>",
			"<author><name>A&amp;B &lt;status&gt;</name></author>",
			'<link rel="self" type="application/atom+xml" href="https://status.example/feed?a=1&amp;b=2"/>',
			'<link rel="alternate" href="https://status.example/"/>',
			[
				"<entry>",
				"<id>https://status.example/incidents/inc_00001#upd_00001_x</id>",
				'<title type="text">Orders: &quot;down&quot; &lt;now&gt;</title>',
				"<published>2026-12-01T10:00:00.000Z</published>",
				"<updated>2026-12-01T10:05:00.000Z</updated>",
				'<link rel="alternate" type="application/json" href="https://status.example/incidents/inc_00001?x=1&amp;y=2"/>',
				'<content type="text">&lt;/content&gt;&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; </content>',
				"</entry>",
			].join(""),
			"</feed>",
		]);
		expect(renderAtom(head, []).split("\n")).toHaveLength(9);
	});

	it("RSS 2.0: the channel, then each item, dates in RFC 822, titles and descriptions HTML escaped as XML", () => {
		expect(renderRss(head, [entry]).split("\n")).toEqual([
			'<?xml version="1.0" encoding="utf-8"?>',
			'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
			"<channel>",
			"<title>A&amp;amp;B &amp;lt;status&amp;gt; status</title>",
			"<link>https://status.example/</link>",
			"<description>Incident updates and scheduled maintenance of A&amp;amp;B &amp;lt;status&amp;gt;</description>",
			"<lastBuildDate>Tue, 01 Dec 2026 10:05:00 GMT</lastBuildDate>",
			'<atom:link rel="self" type="application/rss+xml" href="https://status.example/feed?a=1&amp;b=2"/>',
			[
				"<item>",
				"<title>Orders: &amp;quot;down&amp;quot; &amp;lt;now&amp;gt;</title>",
				"<link>https://status.example/incidents/inc_00001?x=1&amp;y=2</link>",
				"<description>&amp;lt;/content&amp;gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; ]]&amp;gt; &amp;amp; </description>",
				'<guid isPermaLink="false">https://status.example/incidents/inc_00001#upd_00001_x</guid>',
				"<pubDate>Tue, 01 Dec 2026 10:05:00 GMT</pubDate>",
				"</item>",
			].join(""),
			"</channel>",
			"</rss>",
		]);
	});
});
