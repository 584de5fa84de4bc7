import { type LocalDate, parseLocalDate, yearOf } from "./market/local-date";

/**
 * The instants this system accepts from outside (query strings, bodies, ticket fields): from
 * 2000-01-01T00:00:00Z up to, not including, 2100-01-01T00:00:00Z. Every instant taken from outside
 * is checked against this range before any date arithmetic touches it. Within it, toISOString()
 * writes the one form every stored instant has (YYYY-MM-DDTHH:MM:SS.sssZ), so SQL may compare
 * stored instants as text; outside it (years past 9999 are written +010000-...) it would not.
 */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
export const END_OF_INSTANTS_MS = Date.UTC(2100, 0, 1);
export const INSTANT_RANGE_TEXT = "from 2000-01-01T00:00:00Z to before 2100-01-01T00:00:00Z";

/** What an instant must look like, as a refusal says it: the format, then the range. */
export const INSTANT_FORMAT_TEXT = `must be an ISO 8601 instant with Z or an offset (e.g. 2026-12-03T09:30:00Z), ${INSTANT_RANGE_TEXT}`;

/** Years the market calendar answers for (its dates are taken from outside too). */
export const EARLIEST_YEAR = 2000;
export const LATEST_YEAR = 2099;

export function isSupportedInstant(ms: number): boolean {
	return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms < END_OF_INSTANTS_MS;
}

/** A calendar date (YYYY-MM-DD) that exists and lies in the supported years, or null. */
export function supportedDate(text: string): LocalDate | null {
	const date = parseLocalDate(text);
	return date !== null && yearOf(date) >= EARLIEST_YEAR && yearOf(date) <= LATEST_YEAR ? date : null;
}

/**
 * An ISO 8601 instant (already of the right syntax) as a Date, or null when it falls outside the
 * supported range or is no real instant at all.
 */
export function supportedInstant(text: string): Date | null {
	const ms = Date.parse(text);
	return isSupportedInstant(ms) ? new Date(ms) : null;
}

/**
 * How far past the Worker's clock an outside instant that orders or gates state may lie: clocks
 * drift, but a time further ahead would outrank every honest event that follows it.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_CLOCK_SKEW_TEXT = "5 minutes";

/** Whether an outside instant lies further past `now` (the Worker's clock) than MAX_CLOCK_SKEW_MS. */
export function isPastClock(instant: Date, now: Date): boolean {
	return instant.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS;
}

const STORED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * `text` when it is an instant exactly as stored (toISOString of a supported instant), else null:
 * one spelling per instant, so a cursor naming a stored time cannot be written two ways.
 */
export function storedInstantText(text: string): string | null {
	if (!STORED_INSTANT.test(text)) return null;
	return supportedInstant(text)?.toISOString() === text ? text : null;
}
