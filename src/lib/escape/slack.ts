import { plainTextLines, withoutMentions } from "./plain-text";

/**
 * Text for a Slack `mrkdwn` text object (a message's `text`, a section block). Slack reads `&`, `<`
 * and `>` as control characters, so they are written as `&amp;`, `&lt;` and `&gt;` and nothing else
 * is entity-encoded (Slack, "Formatting text for app surfaces", "Escaping text"): no `<!channel>`,
 * `<@U123>`, `<#C123>` or `<https://...|label>` can come from the text. Every `@` is followed by a
 * zero-width space, so a bare `@channel` or `@here` notifies nobody either. Emphasis characters
 * (`*`, `_`, `~`, backticks) are left as they are: Slack has no escape for them, and at worst they
 * style the note. A bare URL is still linked by Slack, shown as the URL it is.
 */
export function slackMrkdwn(text: string): string {
	const escaped = plainTextLines(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
	return withoutMentions(escaped);
}
