import type { LocalDate } from "./local-date";
import { addDays } from "./local-date";
import { newYorkInstant, newYorkWallClock } from "./new-york-time";
import { type MarketDay, marketDay, nextTradingDay } from "./nyse-calendar";

export const MARKET_SESSIONS = ["pre", "regular", "post", "closed"] as const;
export type MarketSession = (typeof MARKET_SESSIONS)[number];

export interface MarketClock {
	at: Date;
	/** The New York date at `at`, and what kind of day it is. */
	today: MarketDay;
	session: MarketSession;
	isOpen: boolean;
	/** The next regular-session open strictly after `at` (Alpaca /v2/clock). */
	nextOpen: Date;
	/** While open, today's close; while closed, the close of the session that `nextOpen` starts. */
	nextClose: Date;
	nextSessionDay: MarketDay;
	/** The next instant at which anything above changes (a session edge or New York midnight). */
	nextChange: Date;
}

interface DayInstants {
	sessionOpen: Date;
	regularOpen: Date;
	regularClose: Date;
	sessionClose: Date;
}

function instantsOf(day: MarketDay): DayInstants | null {
	if (day.sessionOpen === null || day.regularOpen === null || day.regularClose === null || day.sessionClose === null) {
		return null;
	}
	return {
		sessionOpen: newYorkInstant(day.date, day.sessionOpen),
		regularOpen: newYorkInstant(day.date, day.regularOpen),
		regularClose: newYorkInstant(day.date, day.regularClose),
		sessionClose: newYorkInstant(day.date, day.sessionClose),
	};
}

function sessionAt(at: Date, instants: DayInstants | null): MarketSession {
	if (!instants) return "closed";
	const time = at.getTime();
	if (time < instants.sessionOpen.getTime() || time >= instants.sessionClose.getTime()) return "closed";
	if (time < instants.regularOpen.getTime()) return "pre";
	if (time < instants.regularClose.getTime()) return "regular";
	return "post";
}

/** The US equity market clock at an instant: pure computation from the NYSE calendar. */
export function marketClock(at: Date): MarketClock {
	const date: LocalDate = newYorkWallClock(at).date;
	const today = marketDay(date);
	const todayInstants = instantsOf(today);
	const session = sessionAt(at, todayInstants);
	const isOpen = session === "regular";

	const opensLaterToday = todayInstants !== null && at.getTime() < todayInstants.regularOpen.getTime();
	const nextSessionDay = opensLaterToday ? today : nextTradingDay(date);
	const nextSessionInstants = opensLaterToday ? todayInstants : instantsOf(nextSessionDay);
	if (!nextSessionInstants) throw new Error(`trading day ${nextSessionDay.date} has no session times`);

	const nextClose = isOpen && todayInstants ? todayInstants.regularClose : nextSessionInstants.regularClose;
	const edges = [...(todayInstants ? Object.values(todayInstants) : []), newYorkInstant(addDays(date, 1), 0)].filter(
		(edge) => edge.getTime() > at.getTime(),
	);
	const nextChange = new Date(Math.min(...edges.map((edge) => edge.getTime())));

	return {
		at,
		today,
		session,
		isOpen,
		nextOpen: nextSessionInstants.regularOpen,
		nextClose,
		nextSessionDay,
		nextChange,
	};
}
