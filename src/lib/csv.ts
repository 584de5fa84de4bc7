// CSV (RFC 4180) that a spreadsheet opens as data: a cell a spreadsheet would read as a formula
// (=, +, -, @ or their fullwidth forms, or a tab or carriage return, first; spaces before them too)
// starts with ' instead, and a cell holding a comma, a quote or a line break is quoted, its quotes
// doubled.

const FORMULA_START = /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell as written: formula-neutralised, then quoted when it must be. */
export function csvCell(value: string): string {
	const neutral = FORMULA_START.test(value) ? `'${value}` : value;
	return NEEDS_QUOTES.test(neutral) ? `"${neutral.replaceAll('"', '""')}"` : neutral;
}

/** One record, CRLF-terminated as RFC 4180 has it. */
export function csvLine(cells: readonly string[]): string {
	return `${cells.map(csvCell).join(",")}\r\n`;
}
