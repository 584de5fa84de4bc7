import { discordMarkdown } from "./discord";
import { emailHtml, emailPlainText, emailSubject } from "./email";
import { escapeHtml } from "./html";
import { slackMrkdwn } from "./slack";
import { teamsTextBlock } from "./teams";
import { escapeXml } from "./xml";

// Every place a writer's text is sent, and the one function that makes it text there: each output
// is escaped for what it carries, not only for the container around it. A writer's text reaches an
// output only through one of these (the HTML page's JSX and hono's html template escape by
// themselves, and nothing calls raw() or dangerouslySetInnerHTML).

/** Element content of XML that carries text: Atom's `type="text"`, an SVG `<text>` and `<title>`. */
export const xmlText = escapeXml;

/** A quoted XML attribute value (an SVG's aria-label, a feed's link href). */
export const xmlAttribute = escapeXml;

/**
 * An RSS 2.0 `<title>` or `<description>`: readers render both as HTML, so the text is escaped as
 * HTML, and that HTML as XML (`<` travels as `&amp;lt;`). Parsed as XML, it is HTML with no element.
 */
export const rssHtml = (text: string): string => escapeXml(escapeHtml(text));

/**
 * A free-text field of the Statuspage-compatible JSON (an update's `body`, a window's `name`):
 * Statuspage widgets and embeds insert them as HTML, so they are HTML-escaped text. A consumer that
 * shows them as text sees `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;` for those five characters.
 */
export const statuspageText = escapeHtml;

export { discordMarkdown, emailHtml, emailPlainText, emailSubject, escapeHtml, slackMrkdwn, teamsTextBlock };

/** Every output context by name, for the tests that try each with the hostile corpus. */
export const OUTPUT_CONTEXTS = {
	xmlText,
	xmlAttribute,
	rssHtml,
	statuspageText,
	slackMrkdwn,
	discordMarkdown,
	teamsTextBlock,
	emailHtml,
	emailPlainText,
	emailSubject,
} as const satisfies Record<string, (text: string) => string>;

export type OutputContext = keyof typeof OUTPUT_CONTEXTS;
