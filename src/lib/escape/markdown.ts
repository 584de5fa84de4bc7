/**
 * CommonMark's escape: a backslash before every ASCII punctuation character, which then stands for
 * itself (CommonMark 0.31, "Backslash escapes"). No emphasis, link, image, heading, list, quote,
 * code span, autolink, raw HTML or entity can start from the text; a URL is no longer autolinked.
 */
export const escapeMarkdownPunctuation = (text: string): string => text.replace(/[!-/:-@[-`{-~]/g, "\\$&");
