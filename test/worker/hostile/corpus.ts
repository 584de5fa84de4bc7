/**
 * The hostile-input corpus: each class of hostile input, as values every route
 * that takes such input is tried with. The tests beside this file run them.
 */

/** Years a date field may carry, syntactically valid or nearly: the two-digit trap, the edges, the far future. */
export const HOSTILE_YEARS = ["0000", "0001", "0050", "0099", "0999", "1899", "1999", "2100", "2999", "9999"];
export const HOSTILE_EXTENDED_YEARS = ["+010000", "+099999", "-000001"];

/** Instants in ISO 8601 with an offset, each outside 2000-2099 or reaching past it through its offset. */
export const HOSTILE_INSTANTS = [
	...HOSTILE_YEARS.map((year) => `${year}-06-01T12:00:00Z`),
	...HOSTILE_EXTENDED_YEARS.map((year) => `${year}-06-01T12:00:00Z`),
	"9999-12-31T23:59:59Z",
	"9999-12-31T23:59:59-23:59",
	"2099-12-31T23:59:59-23:59", // 2100-01-01T23:58:59Z
	"1999-12-31T23:59:59Z",
	"1999-12-31T23:59:59+00:01",
];

/** Dates (YYYY-MM-DD) for the calendar, outside its years. */
export const HOSTILE_DATES = [...HOSTILE_YEARS.map((year) => `${year}-06-01`), "9999-12-31", "0000-01-01"];

/** Words of outside vocabularies that name Object.prototype members. */
export const PROTOTYPE_KEYS = [
	"__proto__",
	"constructor",
	"toString",
	"valueOf",
	"hasOwnProperty",
	"isPrototypeOf",
	"propertyIsEnumerable",
	"toLocaleString",
	"__defineGetter__",
	"__lookupGetter__",
];

/** Characters public text may not carry, one note each (between ordinary words). */
export const FORBIDDEN_CHARACTERS = {
	nul: "\u0000",
	bell: "\u0007",
	escape: "\u001b",
	delete: "\u007f",
	"next line (C1)": "\u0085",
	"C1 CSI": "\u009b",
	"right-to-left override": "\u202e",
	"left-to-right embedding": "\u202a",
	"first strong isolate": "\u2068",
	"right-to-left mark": "\u200f",
	"arabic letter mark": "\u061c",
	"line separator": "\u2028",
	"paragraph separator": "\u2029",
};

export const noteWith = (character: string) => `Logins slow ${character}investigating`;

/** Public text too long: over 280 characters, counted as code points. */
export const OVERSIZED_NOTES = {
	"281 letters": "a".repeat(281),
	"2,000 letters": "a".repeat(2000),
	"281 emoji": "📉".repeat(281),
};

/** Native event names an attacker might put on a captured delivery. */
export const SWAPPED_EVENTS = [
	"convo.deleted",
	"convo.deleted_forever",
	"convo.restored",
	"convo.status",
	"customer.created",
	"convo.evil",
	"toString",
	"__proto__",
];

export const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

// --- Outside times past the Worker's clock (ticket times that order or gate state) ---

/** Ticket times inside the calendar (2000-2099) yet past the Worker's clock by more than the skew. */
export const FUTURE_TICKET_TIMES = (nowMs: number): Record<string, string> => ({
	"2099-12-31": "2099-12-31T23:59:59Z",
	"2099 behind an offset": "2099-06-01T12:00:00-12:00",
	"next year": new Date(nowMs + 366 * 24 * 60 * 60_000).toISOString(),
	"one day ahead": new Date(nowMs + 24 * 60 * 60_000).toISOString(),
	"the skew and a millisecond": new Date(nowMs + 5 * 60_000 + 1).toISOString(),
	"now, in a zone ahead, read as UTC": new Date(nowMs + 14 * 60 * 60_000).toISOString().replace("Z", "+00:00"),
});

/** The ticket fields of each format that order or open an incident: one far-future value each. */
export const TICKET_TIME_FIELDS = {
	relay: ["updated_at", "created_at"],
	native: ["updatedAt", "userUpdatedAt", "closedAt", "createdAt"],
} as const;
