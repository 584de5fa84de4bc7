/** A calendar date with no time zone, as "YYYY-MM-DD"; arithmetic in UTC, where days are 24 h. */
export type LocalDate = string;

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The years a LocalDate can hold: four digits. Beyond them these helpers refuse, never guess. */
export const MIN_REPRESENTABLE_YEAR = 1000;
export const MAX_REPRESENTABLE_YEAR = 9999;

function fromUtc(date: Date): LocalDate {
	const year = date.getUTCFullYear();
	if (!(year >= MIN_REPRESENTABLE_YEAR && year <= MAX_REPRESENTABLE_YEAR)) {
		throw new RangeError(`year ${year} is outside ${MIN_REPRESENTABLE_YEAR}-${MAX_REPRESENTABLE_YEAR}`);
	}
	return date.toISOString().slice(0, 10);
}

export function localDate(year: number, month: number, day: number): LocalDate {
	// setUTCFullYear, not Date.UTC: Date.UTC takes the years 0-99 for 1900-1999.
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day);
	return fromUtc(date);
}

/** Parses "YYYY-MM-DD", refusing dates that do not exist (2026-02-30). */
export function parseLocalDate(text: string): LocalDate | null {
	const match = DATE_PATTERN.exec(text);
	if (!match) return null;
	const [, year, month, day] = match.map(Number) as [number, number, number, number];
	if (year < MIN_REPRESENTABLE_YEAR) return null;
	const date = localDate(year, month, day);
	return date === text ? date : null;
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: LocalDate): number {
	return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: LocalDate, days: number): LocalDate {
	return fromUtc(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function yearOf(date: LocalDate): number {
	return Number(date.slice(0, 4));
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last one. */
export function nthWeekday(year: number, month: number, targetWeekday: number, n: number): LocalDate {
	if (n > 0) {
		const first = localDate(year, month, 1);
		const offset = (targetWeekday - weekday(first) + 7) % 7;
		return addDays(first, offset + (n - 1) * 7);
	}
	const last = addDays(localDate(year, month + 1, 1), -1);
	return addDays(last, -((weekday(last) - targetWeekday + 7) % 7));
}

/** Easter Sunday (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): LocalDate {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return localDate(year, month, day);
}
