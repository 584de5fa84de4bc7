import { AD_HOC_CLOSURES } from "./ad-hoc-closures";
import { addDays, easterSunday, type LocalDate, localDate, nthWeekday, weekday, yearOf } from "./local-date";

/** Session times, America/New_York wall clock, as minutes after midnight. */
export const PRE_MARKET_OPEN = 4 * 60;
export const REGULAR_OPEN = 9 * 60 + 30;
export const REGULAR_CLOSE = 16 * 60;
export const EARLY_CLOSE = 13 * 60;
export const AFTER_HOURS_CLOSE = 20 * 60;
/** On early-close days the late session ends at 17:00 (NYSE Arca). */
export const EARLY_CLOSE_AFTER_HOURS_CLOSE = 17 * 60;

const MONDAY = 1;
const THURSDAY = 4;
const SATURDAY = 6;
const SUNDAY = 0;

export interface MarketDay {
	date: LocalDate;
	isTradingDay: boolean;
	/** Why the exchange is closed on a weekday (holiday or ad-hoc closure); null otherwise. */
	holiday: string | null;
	/** Why the regular session ends at 13:00; null on a full day. */
	earlyClose: string | null;
	/** Minutes after midnight, New York time; null when not a trading day. */
	sessionOpen: number | null;
	regularOpen: number | null;
	regularClose: number | null;
	sessionClose: number | null;
}

/** A fixed-date holiday moved off the weekend: Saturday to Friday, Sunday to Monday. */
function observed(date: LocalDate, name: string, holidays: Map<LocalDate, string>): void {
	const day = weekday(date);
	if (day === SATURDAY) holidays.set(addDays(date, -1), `${name} (observed)`);
	else if (day === SUNDAY) holidays.set(addDays(date, 1), `${name} (observed)`);
	else holidays.set(date, name);
}

/** The NYSE's rule-based full-day holidays of a year (NYSE Rule 7.2 practice since 2000). */
function ruleHolidays(year: number): Map<LocalDate, string> {
	const holidays = new Map<LocalDate, string>();
	// New Year's Day moves only from Sunday to Monday: a Saturday Jan 1 gives no holiday.
	const newYear = localDate(year, 1, 1);
	if (weekday(newYear) === SUNDAY) holidays.set(addDays(newYear, 1), "New Year's Day (observed)");
	else if (weekday(newYear) !== SATURDAY) holidays.set(newYear, "New Year's Day");
	holidays.set(nthWeekday(year, 1, MONDAY, 3), "Martin Luther King, Jr. Day");
	holidays.set(nthWeekday(year, 2, MONDAY, 3), "Washington's Birthday");
	holidays.set(addDays(easterSunday(year), -2), "Good Friday");
	holidays.set(nthWeekday(year, 5, MONDAY, -1), "Memorial Day");
	if (year >= 2022) {
		const juneteenth = localDate(year, 6, 19);
		if (weekday(juneteenth) === SATURDAY || weekday(juneteenth) === SUNDAY) {
			observed(juneteenth, "Juneteenth", holidays);
		} else {
			holidays.set(juneteenth, "Juneteenth National Independence Day");
		}
	}
	observed(localDate(year, 7, 4), "Independence Day", holidays);
	holidays.set(nthWeekday(year, 9, MONDAY, 1), "Labor Day");
	holidays.set(nthWeekday(year, 11, THURSDAY, 4), "Thanksgiving Day");
	observed(localDate(year, 12, 25), "Christmas Day", holidays);
	return holidays;
}

/** 13:00 closes: the day after Thanksgiving; Jul 3 and Dec 24 when they fall Monday to Thursday. */
function ruleEarlyCloses(year: number): Map<LocalDate, string> {
	const earlyCloses = new Map<LocalDate, string>();
	earlyCloses.set(addDays(nthWeekday(year, 11, THURSDAY, 4), 1), "Day after Thanksgiving");
	const mondayToThursday = (date: LocalDate) => weekday(date) >= MONDAY && weekday(date) <= THURSDAY;
	const july3 = localDate(year, 7, 3);
	if (mondayToThursday(july3)) earlyCloses.set(july3, "Independence Day eve");
	const december24 = localDate(year, 12, 24);
	if (mondayToThursday(december24)) earlyCloses.set(december24, "Christmas Eve");
	return earlyCloses;
}

// The years asked about lately: a clock asks for one or two, a calendar range for two.
const YEARS_KEPT = 8;
const yearCache = new Map<number, { holidays: Map<LocalDate, string>; earlyCloses: Map<LocalDate, string> }>();

function calendarOf(year: number) {
	let calendar = yearCache.get(year);
	if (!calendar) {
		calendar = { holidays: ruleHolidays(year), earlyCloses: ruleEarlyCloses(year) };
		if (yearCache.size >= YEARS_KEPT) yearCache.delete(yearCache.keys().next().value ?? year);
		yearCache.set(year, calendar);
	}
	return calendar;
}

/** How many years the calendar keeps computed (bounded, whatever years are asked for). */
export function cachedCalendarYears(): number {
	return yearCache.size;
}

export function marketDay(date: LocalDate): MarketDay {
	const day = weekday(date);
	const { holidays, earlyCloses } = calendarOf(yearOf(date));
	const holiday =
		(Object.hasOwn(AD_HOC_CLOSURES, date) ? AD_HOC_CLOSURES[date] : undefined) ?? holidays.get(date) ?? null;
	const isTradingDay = day !== SATURDAY && day !== SUNDAY && holiday === null;
	if (!isTradingDay) {
		return {
			date,
			isTradingDay,
			holiday,
			earlyClose: null,
			sessionOpen: null,
			regularOpen: null,
			regularClose: null,
			sessionClose: null,
		};
	}
	const earlyClose = earlyCloses.get(date) ?? null;
	return {
		date,
		isTradingDay,
		holiday: null,
		earlyClose,
		sessionOpen: PRE_MARKET_OPEN,
		regularOpen: REGULAR_OPEN,
		regularClose: earlyClose ? EARLY_CLOSE : REGULAR_CLOSE,
		sessionClose: earlyClose ? EARLY_CLOSE_AFTER_HOURS_CLOSE : AFTER_HOURS_CLOSE,
	};
}

/**
 * The longest the exchange has gone without a session: September 11 to 16, 2001 (six days).
 * Looking further than this for the next session means the calendar is wrong, not the market.
 */
export const MAX_DAYS_TO_NEXT_SESSION = 14;

/** The first trading day strictly after `date`. */
export function nextTradingDay(date: LocalDate): MarketDay {
	let next = date;
	for (let step = 1; step <= MAX_DAYS_TO_NEXT_SESSION; step += 1) {
		next = addDays(next, 1);
		const day = marketDay(next);
		if (day.isTradingDay) return day;
	}
	throw new RangeError(`no trading day within ${MAX_DAYS_TO_NEXT_SESSION} days after ${date}`);
}
