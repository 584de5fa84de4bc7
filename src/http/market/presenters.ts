import type { MarketClock } from "../../domain/market/market-clock";
import { formatNewYork, MARKET_TIME_ZONE, minutesToClock } from "../../domain/market/new-york-time";
import type { MarketDay } from "../../domain/market/nyse-calendar";

function toMarketDay(day: MarketDay) {
	return {
		date: day.date,
		is_trading_day: day.isTradingDay,
		holiday: day.holiday,
		early_close: day.earlyClose,
		regular_open: day.regularOpen === null ? null : minutesToClock(day.regularOpen),
		regular_close: day.regularClose === null ? null : minutesToClock(day.regularClose),
	};
}

export function toMarketTimeAnswer(clock: MarketClock) {
	return {
		timestamp: formatNewYork(clock.at, { milliseconds: true }),
		is_open: clock.isOpen,
		next_open: formatNewYork(clock.nextOpen),
		next_close: formatNewYork(clock.nextClose),
		session: clock.session,
		timezone: MARKET_TIME_ZONE,
		today: toMarketDay(clock.today),
		next_session: toMarketDay(clock.nextSessionDay),
		next_change: formatNewYork(clock.nextChange),
	};
}

/** A trading day as Alpaca's /v2/calendar lists it. */
export function toMarketCalendarEntry(day: MarketDay) {
	return {
		date: day.date,
		open: minutesToClock(day.regularOpen ?? 0),
		close: minutesToClock(day.regularClose ?? 0),
		session_open: minutesToClock(day.sessionOpen ?? 0, ""),
		session_close: minutesToClock(day.sessionClose ?? 0, ""),
	};
}
