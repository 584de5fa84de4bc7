import { addDays, daysBetween, type LocalDate } from "./local-date";
import { type MarketDay, marketDay } from "./nyse-calendar";

export const MAX_CALENDAR_DAYS = 366;

/** The trading days from `start` to `end`, both included (at most MAX_CALENDAR_DAYS days). */
export function tradingDays(start: LocalDate, end: LocalDate): MarketDay[] {
	const days: MarketDay[] = [];
	for (let date = start; daysBetween(date, end) >= 0; date = addDays(date, 1)) {
		const day = marketDay(date);
		if (day.isTradingDay) days.push(day);
	}
	return days;
}
