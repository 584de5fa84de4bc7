import { PUBLIC_NOTE_MAX_LENGTH } from "./vocabulary.ts";

// C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the bidirectional
// marks, embeddings, overrides and isolates (which can reverse how the text around them reads);
// the line and paragraph separators (which break JSON-in-JavaScript and feed readers).
const FORBIDDEN =
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

/**
 * The one rule for public text (notes, titles), whoever writes it - an operator, FreeScout, a
 * schedule: at most `maxCharacters` characters (code points, as SQLite's length() counts them),
 * and none of the characters above. Text that breaks it is refused, never altered: the writer is
 * told, and nothing is written. Returns what is wrong, or null.
 */
export function publicTextProblem(text: string, maxCharacters = PUBLIC_NOTE_MAX_LENGTH): string | null {
	if (FORBIDDEN.test(text)) {
		return "must not contain control, bidirectional-formatting or line/paragraph separator characters";
	}
	let characters = 0;
	for (const _ of text) {
		characters += 1;
		if (characters > maxCharacters) return `must be at most ${maxCharacters} characters`;
	}
	return null;
}
