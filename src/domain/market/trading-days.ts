import { addDays, daysBetween, type LocalDate } from "./local-date";
import { type MarketDay, marketDay } from "./nyse-calendar";

export const MAX_CALENDAR_DAYS = 366;

/** The trading days from `start` to `end`, both included (at most MAX_CALENDAR_DAYS days). */
export function tradingDays(start: LocalDate, end: LocalDate): MarketDay[] {
	const span = daysBetween(start, end) + 1;
	if (!(span >= 0 && span <= MAX_CALENDAR_DAYS)) throw new RangeError(`a range of ${span} days`);
	const days: MarketDay[] = [];
	for (let index = 0; index < span; index += 1) {
		const day = marketDay(addDays(start, index));
		if (day.isTradingDay) days.push(day);
	}
	return days;
}
