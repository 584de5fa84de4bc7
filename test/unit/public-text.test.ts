import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	COMBINING_MARKS_PER_CHARACTER_MAX,
	PUBLIC_TEXT_PROBLEMS,
	publicTextProblem,
} from "../../src/domain/public-text";
import { PUBLIC_NOTE_MAX_LENGTH } from "../../src/domain/vocabulary";

describe("public text: one rule for every writer", () => {
	it("refuses control, bidi and separator characters, and more than the limit in code points", () => {
		expect(PUBLIC_NOTE_MAX_LENGTH).toBe(280);
		expect(publicTextProblem("Logins are slow")).toBeNull();
		expect(publicTextProblem("tab\tline\nreturn\r")).toBeNull();
		expect(publicTextProblem("")).toBe(PUBLIC_TEXT_PROBLEMS.invisible);
		for (const char of [
			"\u0000",
			"\u0008",
			"\u000B",
			"\u000C",
			"\u000E",
			"\u001F",
			"\u007F",
			"\u0085",
			"\u009F",
			"\u061C",
			"\u200E",
			"\u200F",
			"\u202A",
			"\u202E",
			"\u2066",
			"\u2069",
			"\u2028",
			"\u2029",
		]) {
			expect(publicTextProblem(`a${char}b`), char.codePointAt(0)?.toString(16)).toBe(
				"must not contain control, bidirectional-formatting or line/paragraph separator characters",
			);
		}
		for (const char of ["\u0009", "\u000A", "\u000D", "\u0020", "\u00A0", "\u200D", "\u2030", "\u2065"]) {
			expect(publicTextProblem(`a${char}b`), char.codePointAt(0)?.toString(16)).toBeNull();
		}
		expect(publicTextProblem("n".repeat(280))).toBeNull();
		expect(publicTextProblem("n".repeat(281))).toBe("must be at most 280 characters");
		// Code points, as SQLite's length() counts them: 280 emoji pass, 281 do not.
		expect(publicTextProblem("😀".repeat(280))).toBeNull();
		expect(publicTextProblem("😀".repeat(281))).toBe("must be at most 280 characters");
		expect(publicTextProblem("abcd", 3)).toBe("must be at most 3 characters");
		expect(publicTextProblem("abc", 3)).toBeNull();
	});
});

describe("public text: well-formed, visible, bounded marks - refused, never altered", () => {
	it("refuses lone surrogates, high or low, anywhere", () => {
		for (const text of ["\uD800", "\uDBFF", "\uDC00", "\uDFFF", "a\uD800b", "\uDC00\uD800", "😀\uD83D", "\uDE00😀"]) {
			expect(publicTextProblem(text), JSON.stringify(text)).toBe(PUBLIC_TEXT_PROBLEMS.illFormed);
		}
		// A pair is one character, well-formed.
		expect(publicTextProblem("\uD83D\uDE00")).toBeNull();
	});

	it("refuses the noncharacters of every plane", () => {
		const noncharacters = [
			0xfdd0, 0xfdef, 0xfffe, 0xffff, 0x1fffe, 0x1ffff, 0x2fffe, 0xefffe, 0xffffe, 0x10fffe, 0x10ffff,
		];
		for (const codePoint of noncharacters) {
			expect(publicTextProblem(`ok ${String.fromCodePoint(codePoint)}`), codePoint.toString(16)).toBe(
				PUBLIC_TEXT_PROBLEMS.noncharacter,
			);
		}
		// Their neighbours are characters.
		for (const codePoint of [0xfdcf, 0xfdf0, 0xfffd, 0x1fffd, 0x10fffd]) {
			expect(publicTextProblem(`ok ${String.fromCodePoint(codePoint)}`), codePoint.toString(16)).toBeNull();
		}
	});

	it("refuses text with nothing visible: empty, white space, zero-width characters, fillers", () => {
		for (const text of [
			"",
			" ",
			"   ",
			"\t",
			"\n",
			"\r\n",
			"\t \n",
			"\u00A0",
			"\u3000",
			"\u200B",
			"\u200C\u200D",
			"\u2060",
			"\uFEFF",
			"\u3164",
			"\u115F\u1160",
			"\uFFA0",
			"\u180E",
			"\u034F",
			"\u2800",
			"\u00AD",
			"\u{E0020}\u{E007F}",
			"\u0301",
			" \u200B\n\u2060 ",
		]) {
			expect(publicTextProblem(text), JSON.stringify(text)).toBe(PUBLIC_TEXT_PROBLEMS.invisible);
		}
		for (const text of [".", "a", " a ", "\u200Ba", "1", "😀", "ㅤx", "한", "ا", "\n-\n"]) {
			expect(publicTextProblem(text), JSON.stringify(text)).toBeNull();
		}
	});

	it(`allows ${COMBINING_MARKS_PER_CHARACTER_MAX} combining marks on a character, not one more, in any script`, () => {
		expect(COMBINING_MARKS_PER_CHARACTER_MAX).toBe(8);
		for (const [base, mark] of [
			["a", "\u0301"],
			["\u05D0", "\u05B8"],
			["\u0915", "\u0951"],
			["\u0E01", "\u0E48"],
			["\u0F40", "\u0F71"],
			["1", "\u20E3"],
			["\u{10400}", "\u{1D167}"],
		] as const) {
			const cap = `${base}${mark.repeat(COMBINING_MARKS_PER_CHARACTER_MAX)}`;
			expect(publicTextProblem(`${cap} ${cap}`), base).toBeNull();
			expect(publicTextProblem(`${cap}${mark}`), base).toBe(PUBLIC_TEXT_PROBLEMS.marks);
		}
		expect(publicTextProblem(`a${"\u0301".repeat(279)}`)).toBe(PUBLIC_TEXT_PROBLEMS.marks);
		// A joiner between marks does not start a new character.
		expect(publicTextProblem(`a${"\u0301\u200D".repeat(COMBINING_MARKS_PER_CHARACTER_MAX + 1)}`)).toBe(
			PUBLIC_TEXT_PROBLEMS.marks,
		);
		// Nor does any other format character (Egyptian hieroglyph controls, Arabic number signs).
		for (const format of ["\u{13430}", "\u0600", "\u06DD", "\u{110BD}"]) {
			const split = `a${"\u0301".repeat(COMBINING_MARKS_PER_CHARACTER_MAX)}${format}\u0301`;
			expect(publicTextProblem(split), format).toBe(PUBLIC_TEXT_PROBLEMS.marks);
		}
		// The interlinear annotation characters are markup, not text.
		expect(publicTextProblem("a\uFFF9b\uFFFAc\uFFFB")).toBe(PUBLIC_TEXT_PROBLEMS.forbidden);
		// Real text: Vietnamese, pointed Hebrew, a keycap and an emoji ZWJ sequence.
		for (const text of [
			"Tiếng Việt",
			"בְּרֵאשִׁית",
			"1\uFE0F\u20E3",
			"👨\u200D👩\u200D👧\u200D👦",
			"🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
		]) {
			expect(publicTextProblem(text), text).toBeNull();
		}
	});

	it("accepted text is accepted as it is: the rule never needs it altered (property)", () => {
		const anyText = fc.oneof(
			fc.string({ unit: "binary", maxLength: 40 }),
			fc.string({ unit: "grapheme", maxLength: 40 }),
			fc.string({ unit: fc.constantFrom("a", " ", "\u0301", "\u200B", "\n", "\uD800", "\uFFFF", "😀"), maxLength: 40 }),
		);
		fc.assert(
			fc.property(anyText, (text) => {
				if (publicTextProblem(text) !== null) return;
				// Accepted: well-formed, so UTF-8 carries it and JSON gives back exactly these code units.
				expect(text.isWellFormed()).toBe(true);
				expect(new TextDecoder().decode(new TextEncoder().encode(text))).toBe(text);
				expect(JSON.parse(JSON.stringify(text))).toBe(text);
				expect(text.toWellFormed()).toBe(text);
				expect(/\S/u.test(text)).toBe(true);
			}),
			{ numRuns: 2000 },
		);
	});
});
