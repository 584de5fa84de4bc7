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

/**
 * Other writers' rows that pile up: sets of maintenance windows (the maintenance test beside this
 * file announces each, lets the cron start them and cancels some in the middle). Times are minutes
 * from the start of the first; `cancel` picks windows (by index) cancelled once in progress.
 */
export interface HostileWindowSet {
	count: number;
	/** The surfaces of window `index` (out of `all`, the registry's ids). */
	surfaces: (index: number, all: readonly string[]) => string[];
	startMinute: (index: number) => number;
	endMinute: (index: number) => number;
	cancel: (index: number) => boolean;
}

export const HOSTILE_WINDOW_SETS: Record<string, HostileWindowSet> = {
	"past the cap, every surface, one minute": {
		count: 51,
		surfaces: (_, all) => [...all],
		startMinute: () => 0,
		endMinute: (index) => 60 + index,
		cancel: () => false,
	},
	"one surface under 50 nested windows": {
		count: 50,
		surfaces: () => ["login"],
		startMinute: (index) => index % 3,
		endMinute: (index) => 300 - index,
		cancel: (index) => index % 7 === 0,
	},
	"every surface its own window, overlapping its neighbours'": {
		count: 24,
		surfaces: (index, all) => [all[index % all.length] as string, all[(index + 1) % all.length] as string],
		startMinute: () => 0,
		endMinute: (index) => 30 + ((index * 37) % 90),
		cancel: (index) => index % 2 === 0,
	},
	"every other window cancelled in the middle, the one ending last among them": {
		count: 40,
		surfaces: (index, all) => all.filter((_, position) => (position + index) % 3 !== 0),
		startMinute: (index) => index % 2,
		endMinute: (index) => 120 + ((index * 53) % 240),
		cancel: (index) => index % 2 === 1,
	},
};
