import { PUBLIC_NOTE_MAX_LENGTH } from "./vocabulary.ts";

/**
 * Combining marks one character may carry. Unicode's Stream-Safe Text Format (UAX #15) allows 30
 * non-starters in a row; real text needs far fewer (Vietnamese two, Thai three, pointed Hebrew with
 * cantillation four or five, an emoji keycap two), and eight already covers stacked Tibetan while
 * stopping "zalgo" text that paints over the lines around it.
 */
export const COMBINING_MARKS_PER_CHARACTER_MAX = 8;

// C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the bidirectional
// marks, embeddings, overrides and isolates (which can reverse how the text around them reads);
// the line and paragraph separators (which break JSON-in-JavaScript and feed readers); the
// interlinear annotation characters (markup for text outside the text, with no place in a note).
const FORBIDDEN =
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029\uFFF9-\uFFFB]/u;

// U+FDD0-U+FDEF and the last two code points of every plane: never interchanged, and XML 1.0 has no
// place for U+FFFE/U+FFFF.
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
// With the u flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

const MARK = /^\p{M}$/u;
// Joiners, variation selectors' kin, fillers and every other format character (Arabic number signs,
// Egyptian hieroglyph controls...): they neither start a character nor end a stack of marks.
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;
// What draws nothing: white space, default-ignorables (zero-width characters, the Hangul fillers,
// U+180E), formatting characters, controls, marks without a base, and the blank Braille pattern.
const INVISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\p{M}\u2800]$/u;

export const PUBLIC_TEXT_PROBLEMS = {
	illFormed: "must be well-formed Unicode (no lone surrogate)",
	noncharacter: "must not contain noncharacters (U+FDD0-U+FDEF, or U+FFFE/U+FFFF of any plane)",
	forbidden: "must not contain control, bidirectional-formatting or line/paragraph separator characters",
	invisible: "must contain at least one visible character (not only spaces, line breaks or zero-width characters)",
	marks: `must not stack more than ${COMBINING_MARKS_PER_CHARACTER_MAX} combining marks on one character`,
	tooLong: (maxCharacters: number) => `must be at most ${maxCharacters} characters`,
} as const;

/**
 * The one rule for public text (notes, titles, the page's name), whoever writes it - an operator,
 * FreeScout, a schedule: well-formed Unicode without noncharacters, none of the characters above,
 * at least one visible character, at most `COMBINING_MARKS_PER_CHARACTER_MAX` marks on one character,
 * and at most `maxCharacters` characters (code points, as SQLite's length() counts them). Text that
 * breaks it is refused, never altered, so accepted text is stored and read back unchanged. Returns
 * what is wrong, or null.
 */
export function publicTextProblem(text: string, maxCharacters = PUBLIC_NOTE_MAX_LENGTH): string | null {
	if (LONE_SURROGATE.test(text)) return PUBLIC_TEXT_PROBLEMS.illFormed;
	if (NONCHARACTER.test(text)) return PUBLIC_TEXT_PROBLEMS.noncharacter;
	if (FORBIDDEN.test(text)) return PUBLIC_TEXT_PROBLEMS.forbidden;
	let characters = 0;
	let marksInARow = 0;
	let visible = false;
	for (const character of text) {
		characters += 1;
		if (characters > maxCharacters) return PUBLIC_TEXT_PROBLEMS.tooLong(maxCharacters);
		if (MARK.test(character)) {
			marksInARow += 1;
			if (marksInARow > COMBINING_MARKS_PER_CHARACTER_MAX) return PUBLIC_TEXT_PROBLEMS.marks;
		} else if (!IGNORABLE.test(character)) {
			marksInARow = 0;
		}
		if (!visible && !INVISIBLE.test(character)) visible = true;
	}
	return visible ? null : PUBLIC_TEXT_PROBLEMS.invisible;
}
