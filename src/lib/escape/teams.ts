import { escapeMarkdownPunctuation } from "./markdown";
import { plainTextLines } from "./plain-text";

/**
 * Text for the `text` of an Adaptive Card TextBlock (Teams): the card's markdown is a CommonMark
 * subset (emphasis, lists, `[label](url)` links) and HTML is not rendered, so every ASCII
 * punctuation character is backslash-escaped: no link, emphasis or list comes from the text, and
 * no `{{DATE(...)}}` or `{{TIME(...)}}` function either (its braces are escaped apart). A mention
 * needs an `<at>` entity the payload would have to declare; the text cannot add one.
 */
export const teamsTextBlock = (text: string): string => escapeMarkdownPunctuation(plainTextLines(text));
