import { capitalised, STATE_WORDS as WORDS } from "../../domain/state-words";
import { zoneWallClock } from "../../domain/time-zone";
import { SURFACE_STATES, type SurfaceState } from "../../domain/vocabulary";
import { boundedMemo } from "../../lib/bounded-memo";

// How the page says things: states, durations, percentages and instants, in one place so that the
// banner, the surfaces, the bars and the incidents say them alike.

/** A state as a sentence starts it ("Partial outage"). */
export const STATE_WORDS = Object.fromEntries(
	SURFACE_STATES.map((state) => [state, capitalised(WORDS[state])]),
) as Readonly<Record<SurfaceState, string>>;

/** The one-letter class that colours a state (and a day mark) in the stylesheet. */
export const STATE_CLASSES: Readonly<Record<SurfaceState, string>> = {
	OPERATIONAL: "o",
	DEGRADED: "g",
	PARTIAL: "p",
	DOWN: "x",
	MAINTENANCE: "m",
	UNKNOWN: "u",
};

/** The symbol beside a state word, so that colour is never the only signal. */
export const STATE_SYMBOLS: Readonly<Record<SurfaceState, string>> = {
	OPERATIONAL: "✓",
	DEGRADED: "!",
	PARTIAL: "!",
	DOWN: "✕",
	MAINTENANCE: "◷",
	UNKNOWN: "?",
};

const MINUTE_MS = 60_000;

/**
 * "under 1 min", "12 min", "2 h 5 min", "1 day", "215 days 22 h 14 min": how long a state or an
 * incident lasted, in days, hours and minutes (never hundreds of hours), the zero parts left out.
 */
export function formatDuration(ms: number): string {
	const minutes = Math.round(ms / MINUTE_MS);
	if (minutes < 1) return "under 1 min";
	const days = Math.floor(minutes / (24 * 60));
	const hours = Math.floor((minutes % (24 * 60)) / 60);
	const rest = minutes % 60;
	let text = days === 0 ? "" : `${days} ${days === 1 ? "day" : "days"}`;
	if (hours !== 0) text += `${text === "" ? "" : " "}${hours} h`;
	if (rest !== 0) text += `${text === "" ? "" : " "}${rest} min`;
	return text;
}

/** "just now", "12 min ago", "3 days 4 h ago": how long ago an instant was. */
export function formatAgo(ms: number): string {
	return ms < MINUTE_MS ? "just now" : `${formatDuration(ms)} ago`;
}

/**
 * An uptime ratio as a percentage with at most two decimals, cut rather than rounded: only a
 * perfect record reads "100".
 */
export function formatPercent(ratio: number): string {
	return String(Math.floor(ratio * 10_000) / 100);
}

const pad = (value: number) => String(value).padStart(2, "0");

/** "UTC", "UTC+1", "UTC-3:30": a zone offset as the page labels times. */
export function offsetLabel(offsetMs: number): string {
	if (offsetMs === 0) return "UTC";
	const minutes = Math.abs(offsetMs) / MINUTE_MS;
	const sign = offsetMs < 0 ? "-" : "+";
	const hours = Math.floor(minutes / 60);
	return `UTC${sign}${hours}${minutes % 60 === 0 ? "" : `:${pad(minutes % 60)}`}`;
}

/** The zone's own short names (en-US knows "EST", en-GB "CET"), each tried in turn. */
const zoneNameFormats: (timeZone: string) => Intl.DateTimeFormat[] = boundedMemo(
	16,
	(timeZone) => timeZone,
	(timeZone) =>
		["en-US", "en-GB"].map((locale) => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })),
);

/**
 * "EST", "CEST", "UTC", or "UTC+5:30" where the zone has no letters of its own: the name a person
 * in the zone reads on a clock at that instant.
 */
export function zoneAbbreviation(instant: number, timeZone: string): string {
	for (const format of zoneNameFormats(timeZone)) {
		const name = format.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "";
		if (/^[A-Z]{2,5}$/.test(name)) return name;
	}
	return offsetLabel(zoneWallClock(timeZone, instant).offsetMs);
}

/**
 * "2026-11-27 04:35 EST": an instant on the wall clock of a zone, with the zone's name. It depends
 * on the instant's second only, and a page says the same instants on every request: remembered.
 */
export const formatInstant: (instant: number, timeZone: string) => string = boundedMemo(
	4096,
	(instant, timeZone) => `${timeZone} ${Math.floor(instant / 1000)}`,
	computeFormatInstant,
);

function computeFormatInstant(instant: number, timeZone: string): string {
	const { offsetMs } = zoneWallClock(timeZone, instant);
	const wall = new Date(instant + offsetMs).toISOString();
	return `${wall.slice(0, 10)} ${wall.slice(11, 16)} ${zoneAbbreviation(instant, timeZone)}`;
}
