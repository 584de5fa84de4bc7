import { weekday } from "../../../domain/market/local-date";
import type { MarketClock as Clock, MarketSession } from "../../../domain/market/market-clock";
import { minutesToClock, newYorkWallClock } from "../../../domain/market/new-york-time";
import type { MarketDay } from "../../../domain/market/nyse-calendar";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

const SESSION_WORDS: Record<MarketSession, string> = {
	pre: "Pre-market",
	regular: "Open",
	post: "After hours",
	closed: "Closed",
};

/** "Fri 2026-11-27 13:00 ET": an instant on New York's wall clock. */
export function formatEastern(instant: Date): string {
	const { date, offsetMinutes } = newYorkWallClock(instant);
	const time = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(11, 16);
	return `${WEEKDAYS[weekday(date)]} ${date} ${time} ET`;
}

function EasternTime({ instant }: { instant: Date }) {
	return <time datetime={instant.toISOString()}>{formatEastern(instant)}</time>;
}

/** What kind of day the exchange has today, in a sentence. */
export function dayWords(day: MarketDay): string {
	if (day.holiday !== null) return `closed for ${day.holiday}`;
	if (!day.isTradingDay) return "closed (weekend)";
	const open = minutesToClock(day.regularOpen ?? 0);
	const close = minutesToClock(day.regularClose ?? 0);
	if (day.earlyClose !== null) return `early close: ${open} to ${close} ET (${day.earlyClose})`;
	return `regular session ${open} to ${close} ET`;
}

/** The US equity market clock: open or closed, the session, the next open and close, today's kind of day. */
export function MarketClock({ clock }: { clock: Clock }) {
	return (
		<section id="market" data-part aria-labelledby="market-h">
			<h2 id="market-h">US stock market</h2>
			<div class="card">
				<dl class="clock">
					<dt>Now</dt>
					<dd>
						<strong>{SESSION_WORDS[clock.session]}</strong>
					</dd>
					<dt>Today</dt>
					<dd>
						{WEEKDAYS[weekday(clock.today.date)]} {clock.today.date}: {dayWords(clock.today)}
					</dd>
					<dt>Next open</dt>
					<dd>
						<EasternTime instant={clock.nextOpen} />
					</dd>
					<dt>Next close</dt>
					<dd>
						<EasternTime instant={clock.nextClose} />
					</dd>
				</dl>
			</div>
		</section>
	);
}
