// What every plain-text reader (a chat client, a mail client) is handed: text whose direction
// cannot spill past it, and no control character a terminal or a header would act on.

/**
 * The explicit bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): an
 * unclosed one reorders everything after it in the reader's line (a note ending in U+202E turns the
 * next words around). The marks U+200E, U+200F and U+061C only hint a direction and stay.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;

/** Text without explicit bidirectional controls. */
export const withoutBidiControls = (text: string): string => text.replace(BIDI_CONTROLS, "");

/**
 * Control characters (C0 but tab and line feed, DEL, C1), U+2028/U+2029, U+FFFE, U+FFFF and unpaired
 * surrogates: nothing a reader shows, and for a mail header a way to end the line.
 */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]|\p{Cs}/gu;

/** Plain text on lines of its own: controls dropped (a carriage return becomes a line feed). */
export const plainTextLines = (text: string): string =>
	withoutBidiControls(text.replace(/\r\n?/g, "\n")).replace(CONTROLS, "");

/** Plain text on one line: every line break and control character becomes a space. */
export const plainTextLine = (text: string): string =>
	withoutBidiControls(text)
		.replace(/\r\n|[\n\t]/g, " ")
		.replace(CONTROLS, " ");

/**
 * U+200B after every `@`: no chat client reads `@everyone`, `@here`, `@channel` or `@name` as a
 * mention once a zero-width space stands after the `@`, and readers see the same text.
 */
export const withoutMentions = (text: string): string => text.replaceAll("@", "@\u200B");
