import { createRoute } from "@hono/zod-openapi";
import { daysBetween } from "../../domain/market/local-date";
import { marketClock } from "../../domain/market/market-clock";
import { MAX_CALENDAR_DAYS, tradingDays } from "../../domain/market/trading-days";
import { PUBLIC_PATHS } from "../../paths";
import { marketTimeCacheControl, marketTimeMaxAge } from "../cache/market-time-now";
import { toMarketCalendarEntry, toMarketTimeAnswer } from "../market/presenters";
import {
	MarketCalendarQuerySchema,
	MarketCalendarResponseSchema,
	MarketTimeQuerySchema,
	MarketTimeResponseSchema,
} from "../market/schemas";
import { problemResponses, tagged } from "../openapi-helpers";
import { HttpProblem } from "../problem";
import { createRouter } from "../router";

const marketTime = createRoute({
	method: "get",
	tags: tagged("market"),
	path: PUBLIC_PATHS.marketTime,
	summary: "The US equity market clock (Alpaca /v2/clock fields, plus session and the day's facts)",
	request: { query: MarketTimeQuerySchema },
	responses: {
		200: { description: "The clock", content: { "application/json": { schema: MarketTimeResponseSchema } } },
		...problemResponses(400),
	},
});

const marketCalendar = createRoute({
	method: "get",
	tags: tagged("market"),
	path: PUBLIC_PATHS.marketCalendar,
	summary: `Trading days from start to end (Alpaca /v2/calendar shape), at most ${MAX_CALENDAR_DAYS} days`,
	request: { query: MarketCalendarQuerySchema },
	responses: {
		200: { description: "Trading days", content: { "application/json": { schema: MarketCalendarResponseSchema } } },
		...problemResponses(400),
	},
});

export const marketWidgetRoutes = createRouter()
	.openapi(marketTime, (c) => {
		const { at } = c.req.valid("query");
		const clock = marketClock(at ? new Date(at) : new Date());
		return c.json(toMarketTimeAnswer(clock), 200, {
			"Cache-Control": marketTimeCacheControl(marketTimeMaxAge(clock.nextChange.getTime(), clock.at.getTime())),
		});
	})
	.openapi(marketCalendar, (c) => {
		// Real dates in the supported years: the query schema has checked them.
		const { start, end } = c.req.valid("query");
		const span = daysBetween(start, end) + 1;
		if (span < 1 || span > MAX_CALENDAR_DAYS) {
			throw new HttpProblem(
				"invalid_query",
				`The range must run forwards and span at most ${MAX_CALENDAR_DAYS} days; it spans ${span}.`,
				[
					{
						in: "query",
						path: "end",
						message: span < 1 ? "before start" : `more than ${MAX_CALENDAR_DAYS} days after start`,
					},
				],
			);
		}
		return c.json(tradingDays(start, end).map(toMarketCalendarEntry), 200, {
			"Cache-Control": "public, max-age=3600",
		});
	});
