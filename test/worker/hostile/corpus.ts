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
	"interlinear annotation anchor": "\ufff9",
	"interlinear annotation terminator": "\ufffb",
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
 * STATUS_PAGE_FRAME_ANCESTORS values the rule refuses, by what is wrong with them: each would let
 * someone other than the operators frame the page, or add a directive of its own.
 */
export const HOSTILE_FRAME_ANCESTORS = {
	"an http origin": "http://raxx.app",
	"http on loopback": "http://localhost:8080",
	"a websocket origin": "wss://raxx.app",
	"a wildcard on .com": "https://*.com",
	"a wildcard on .app": "https://*.app",
	"a wildcard on .co.uk": "https://*.co.uk",
	"a wildcard on workers.dev": "https://*.workers.dev",
	"a wildcard on pages.dev": "https://*.pages.dev",
	"a wildcard on github.io": "https://*.github.io",
	"port 0": "https://raxx.app:0",
	"port 65536": "https://raxx.app:65536",
	"port 99999": "https://raxx.app:99999",
	"a path": "https://raxx.app/embed",
	"a query": "https://raxx.app?frame=1",
	"user information": "https://evil.example@raxx.app",
	"a second directive": "https://raxx.app;script-src",
	"a comma list": "https://raxx.app,https://evil.example",
	"'none' with another source": "'none' https://raxx.app",
	"a good source then a bad one": "'self' https://raxx.app http://evil.example",
} as const;

/**
 * Text aimed at the outputs a writer's text reaches (src/lib/escape): markup for HTML, XML, RSS and
 * SVG, CDATA ends, entities that must not be decoded twice, Slack's and Discord's mentions and
 * links, markdown that would link or style, Adaptive Cards' functions, and invisible characters that
 * might split a mention or turn the reader's line around. Each is public text a writer may send,
 * except those in HOSTILE_OUTPUT_CONTROLS (refused by the public-text rule, but rows written by
 * hand or by a future writer reach the outputs too).
 */
export const HOSTILE_OUTPUT_TEXTS = {
	"script element": `<script>alert(1)</script>`,
	"link and remote pixel": `<a href="https://evil.example">x</a><img src="https://evil.example/p.png">`,
	"attribute break-out": `"><svg onload=alert(1)> ' onmouseover='alert(1)`,
	"CDATA end": `]]> <![CDATA[<b>x</b>]]>`,
	"escaped already": `&amp; &lt;script&gt; &#60;img&#62; &#x3C;b&#x3E; &quot;`,
	"Slack mentions": `<!channel> <!here> <!everyone> <@U024BE7LH> <#C024BE7LR> <!subteam^S012> <!date^0^{date}|x>`,
	"Slack link": `<https://evil.example|your invoice>`,
	"Discord mentions": `@everyone @here <@123456789012345678> <@!123456789012345678> <@&987654321098765432> <#123456789012345678> <t:0:R>`,
	"markdown link and image": `[your invoice](https://evil.example) ![p](https://evil.example/p.png) <https://evil.example>`,
	"markdown styling":
		"**bold** _it_ ~~gone~~ ||spoiler|| `code` ```block``` \n> quote\n# heading\n-# small\n1. list\n- item",
	"Adaptive Cards function": "{{DATE(2017-02-14T06:00:00Z, SHORT)}} {{TIME(2017-02-14T06:00:00Z)}}",
	backslashes: String.raw`\*not bold\* \\ \<@1\>`,
	"javascript URL": "javascript:alert(1) data:text/html,<script>alert(1)</script>",
	"zero-width inside mentions": "@\u200Beveryone <\u200B!channel> @e\u200Cveryone a\u200Db\uFEFFc\u2060d",
	"mail header": "Outage\nBcc: everyone@evil.example",
} as const;

/** Characters only a row written by hand can carry to an output: controls, bidi, non-characters. */
export const HOSTILE_OUTPUT_CONTROLS = {
	"right-to-left override": "invoice\u202Egnp.exe",
	"unclosed isolate and stray closer": "\u2067abc\u2069\u2069 \u202Aembedded",
	"C0 controls": "nul\u0000 bell\u0007 esc\u001B[31m red",
	"carriage return header": "Outage\r\nBcc: everyone@evil.example",
	"line and paragraph separators": "one\u2028two\u2029three",
	"lone surrogates": "a\uD800b\uDFFFc",
	"non-characters": "a\uFFFEb\uFFFFc",
} as const;

// ---- Public text: well-formed, visible, bounded combining marks (domain/public-text.ts) ----

/** Ill-formed UTF-16: lone surrogates, high and low, alone, at the ends, reversed, next to a pair. */
export const LONE_SURROGATES = {
	"high surrogate": "\ud800",
	"last high surrogate": "\udbff",
	"low surrogate": "\udc00",
	"last low surrogate": "\udfff",
	"low before high": "\udc00\ud800",
	"half an emoji": "\ud83d",
	"emoji then a low surrogate": "😀\ude00",
};

/** Noncharacters in planes 0, 1 and 16 and the U+FDD0 block. */
export const NONCHARACTERS = {
	"U+FFFE": "\ufffe",
	"U+FFFF": "\uffff",
	"U+FDD0": "\ufdd0",
	"U+FDEF": "\ufdef",
	"U+1FFFE": "\u{1fffe}",
	"U+1FFFF": "\u{1ffff}",
	"U+10FFFE": "\u{10fffe}",
	"U+10FFFF": "\u{10ffff}",
};

/** Whole texts with nothing visible in them. */
export const INVISIBLE_TEXTS = {
	empty: "",
	"one space": " ",
	"tabs only": "\t\t",
	"newlines only": "\n\n\n",
	"CRLF only": "\r\n",
	"no-break space": "\u00a0",
	"ideographic space": "\u3000",
	"zero-width space": "\u200b",
	"word joiner": "\u2060",
	"byte-order mark": "\ufeff",
	"Hangul filler": "\u3164",
	"Hangul choseong filler": "\u115f",
	"Mongolian vowel separator": "\u180e",
	"soft hyphen": "\u00ad",
	"blank Braille pattern": "\u2800",
	"zero-width joiners and spaces": "\u200d \u200c\u200b",
	"a lone combining mark": "\u0301",
};

/** One character carrying more combining marks than the cap (8), in several scripts. */
export const COMBINING_MARK_FLOODS = {
	"a + 279 acute accents": `a${"\u0301".repeat(279)}`,
	"Latin, 9 marks": `e${"\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a"}`,
	"Hebrew, 9 points": `\u05d0${"\u05b8".repeat(9)}`,
	"Devanagari, 9 marks": `\u0915${"\u0951".repeat(9)}`,
	"Thai, 9 tone marks": `\u0e01${"\u0e48".repeat(9)}`,
	"Cyrillic zalgo": `Сбой${"\u0489\u0483".repeat(6)}`,
	"marks split by joiners": `a${"\u0301\u200d".repeat(9)}`,
	"musical symbols (astral marks)": `\u{1d15f}${"\u{1d167}".repeat(9)}`,
	"marks split by a hieroglyph format control": `a${"\u0301".repeat(8)}\u{13430}${"\u0301".repeat(8)}`,
	"marks split by an Arabic number sign": `a${"\u0301".repeat(8)}\u0600${"\u0301".repeat(8)}`,
};

/** Every public text the rule refuses beyond FORBIDDEN_CHARACTERS and OVERSIZED_NOTES, by name. */
export const ILL_FORMED_PUBLIC_TEXTS: Record<string, string> = {
	...Object.fromEntries(Object.entries(LONE_SURROGATES).map(([name, text]) => [name, noteWith(text)])),
	...Object.fromEntries(Object.entries(NONCHARACTERS).map(([name, text]) => [name, noteWith(text)])),
	...INVISIBLE_TEXTS,
	...COMBINING_MARK_FLOODS,
};

/** Unusual text the rule accepts, which every read must give back exactly as written. */
export const UNUSUAL_ACCEPTED_TEXTS = {
	"8 marks on one letter": `a${"\u0301".repeat(8)} ok`,
	"emoji ZWJ family and a keycap": "👨\u200d👩\u200d👧\u200d👦 1\ufe0f\u20e3",
	"flag tag sequence": "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
	"surrounding white space": "  lenteurs \n",
	"zero-width space beside a word": "\u200bOrders",
	"Hangul, Arabic, Vietnamese": "지연 تأخير Tiếng Việt",
	"280 astral characters": "𝔸".repeat(280),
	"replacement character sent as such": "\ufffd",
};

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

// --- Incidents that pile up (helpdesk tickets create one per ticket and component, without a cap) ---

/**
 * Sets of incidents as rows: each `opened`/`resolved` in minutes from the reading instant (null:
 * open). The test beside this file (incidents.test.ts) writes each and reads every public list.
 */
export interface HostileIncidentSet {
	count: number;
	opened: (index: number) => number;
	resolved: (index: number) => number | null;
}

export const HOSTILE_INCIDENT_SETS = (cap: number): Record<string, HostileIncidentSet> => ({
	"one past the cap, all open": { count: cap + 1, opened: (index) => -1000 + index, resolved: () => null },
	"the cap resolved lately, and one open since long before": {
		count: cap + 1,
		opened: (index) => (index === 0 ? -20 * 24 * 60 : -600 + index),
		resolved: (index) => (index === 0 ? null : -300 + index),
	},
	"every one opened and resolved in the same millisecond": {
		count: cap + 7,
		opened: () => -120,
		resolved: (index) => (index % 3 === 0 ? null : -60),
	},
	"resolved before they opened (a helpdesk clock skew), among others": {
		count: cap + 3,
		opened: (index) => -2000 + index,
		resolved: (index) => (index % 2 === 0 ? -40 * 24 * 60 + index : index % 5 === 0 ? null : -1000 + index),
	},
	"thrice the cap, half open, interleaved": {
		count: 3 * cap,
		opened: (index) => -5000 + index * 7,
		resolved: (index) => (index % 2 === 0 ? null : -5000 + index * 7 + 30),
	},
});
