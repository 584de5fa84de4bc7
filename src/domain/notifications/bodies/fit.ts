// The one cutter of every body: text cut to a limit of its escaped form, whole characters only.

const ELLIPSIS = "…";
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

const identity = (text: string): string => text;

/** A length in UTF-16 code units: what JavaScript's and the chat platforms' limits count. */
export const codeUnits = (text: string): number => text.length;

/** A length in characters (code points): what the writers' own limits count (public-text.ts). */
export const characters = (text: string): number => {
	let count = 0;
	for (const _ of text) count += 1;
	return count;
};

/**
 * `text` escaped by `escaper` and at most `max` long as `measure` counts (UTF-16 code units unless
 * told). A text too long is cut before escaping, between whole graphemes (never inside a surrogate
 * pair or an emoji, never inside an escape sequence), and ends with "…"; the escaped length is
 * checked again after each cut.
 */
export function fitted(
	text: string,
	max: number,
	escaper: (raw: string) => string = identity,
	measure: (text: string) => number = codeUnits,
): string {
	const whole = escaper(text);
	if (measure(whole) <= max) return whole;
	const pieces = Array.from(graphemes.segment(text), (piece) => piece.segment);
	// The longest prefix whose escaped form with the ellipsis fits: escaping is per character, so the
	// escaped length grows with the prefix and a binary search finds it.
	let low = 0;
	let high = pieces.length;
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (measure(escaper(`${pieces.slice(0, middle).join("").trimEnd()}${ELLIPSIS}`)) <= max) low = middle;
		else high = middle - 1;
	}
	const cut = escaper(`${pieces.slice(0, low).join("").trimEnd()}${ELLIPSIS}`);
	return measure(cut) <= max ? cut : "";
}

/** Raw text within a writer's limit in characters (a note, a title, a name), cut if it is over. */
export const within = (text: string, max: number): string => fitted(text, max, identity, characters);
