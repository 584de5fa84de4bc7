import { describe, expect, it } from "vitest";
import { publicTextProblem } from "../../src/domain/public-text";
import { PUBLIC_NOTE_MAX_LENGTH } from "../../src/domain/vocabulary";

describe("public text: one rule for every writer", () => {
	it("refuses control, bidi and separator characters, and more than the limit in code points", () => {
		expect(PUBLIC_NOTE_MAX_LENGTH).toBe(280);
		expect(publicTextProblem("Logins are slow")).toBeNull();
		expect(publicTextProblem("tab\tline\nreturn\r")).toBeNull();
		expect(publicTextProblem("")).toBeNull();
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
