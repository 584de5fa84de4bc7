import { statusTitle } from "../domain/page-identity";
import { rssHtml, xmlAttribute, xmlText } from "../lib/escape";
import type { FeedEntry } from "./feed-entries";

// The feeds' XML, each text escaped for what it carries (src/lib/escape): Atom's titles and
// content are text (xmlText); RSS's titles and descriptions are HTML that readers render, so they
// are escaped as HTML and then as XML (rssHtml). No note can end an element, open one, make the
// document ill-formed, or reach an RSS reader as a link or an image.

export interface FeedHead {
	/** The page's name: the feed's title and author. */
	pageName: string;
	/** The feed's own absolute URL: its id, and its rel="self" link. */
	selfUrl: string;
	/** The page's public origin. */
	pageUrl: string;
	/** When the feed last changed: its newest entry, else the page's last change. */
	updated: string;
}

const rfc822 = (iso: string) => new Date(iso).toUTCString();

/** Atom 1.0 (RFC 4287). */
export function renderAtom(head: FeedHead, entries: readonly FeedEntry[]): string {
	const x = xmlText;
	const attribute = xmlAttribute;
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<feed xmlns="http://www.w3.org/2005/Atom">',
		`<id>${x(head.selfUrl)}</id>`,
		`<title>${x(statusTitle(head.pageName))}</title>`,
		`<updated>${x(head.updated)}</updated>`,
		`<author><name>${x(head.pageName)}</name></author>`,
		`<link rel="self" type="application/atom+xml" href="${attribute(head.selfUrl)}"/>`,
		`<link rel="alternate" href="${attribute(head.pageUrl)}"/>`,
		...entries.map((entry) =>
			[
				"<entry>",
				`<id>${x(entry.id)}</id>`,
				`<title type="text">${x(entry.title)}</title>`,
				`<published>${x(entry.published)}</published>`,
				`<updated>${x(entry.updated)}</updated>`,
				`<link rel="alternate" type="application/json" href="${attribute(entry.link)}"/>`,
				`<content type="text">${x(entry.text)}</content>`,
				"</entry>",
			].join(""),
		),
		"</feed>",
	].join("\n");
}

/** RSS 2.0, with Atom's rel="self" link as feed validators ask. */
export function renderRss(head: FeedHead, entries: readonly FeedEntry[]): string {
	const x = xmlText;
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
		"<channel>",
		`<title>${rssHtml(statusTitle(head.pageName))}</title>`,
		`<link>${x(head.pageUrl)}</link>`,
		`<description>${rssHtml(`Incident updates and scheduled maintenance of ${head.pageName}`)}</description>`,
		`<lastBuildDate>${rfc822(head.updated)}</lastBuildDate>`,
		`<atom:link rel="self" type="application/rss+xml" href="${xmlAttribute(head.selfUrl)}"/>`,
		...entries.map((entry) =>
			[
				"<item>",
				`<title>${rssHtml(entry.title)}</title>`,
				`<link>${x(entry.link)}</link>`,
				`<description>${rssHtml(entry.text)}</description>`,
				`<guid isPermaLink="false">${x(entry.id)}</guid>`,
				`<pubDate>${rfc822(entry.updated)}</pubDate>`,
				"</item>",
			].join(""),
		),
		"</channel>",
		"</rss>",
	].join("\n");
}
