import { escapeMarkdownPunctuation } from "./markdown";
import { plainTextLines, withoutMentions } from "./plain-text";

/**
 * Text for a Discord message's `content` or an embed's description: every ASCII punctuation
 * character backslash-escaped (Discord's markdown honours CommonMark's escapes), so no masked link
 * `[label](url)`, emphasis, spoiler, heading, quote, code block, `<@id>`, `<@&role>`, `<#channel>`
 * or `<t:...>` comes from the text, and a URL is not autolinked; and every `@` followed by a
 * zero-width space, so `@everyone` and `@here` stay words. The payload that carries it also sets
 * `allowed_mentions: { parse: [] }`: a mention that slipped through would still notify nobody.
 */
export const discordMarkdown = (text: string): string =>
	withoutMentions(escapeMarkdownPunctuation(plainTextLines(text)));
