import { z } from "@hono/zod-openapi";
import { EARLIEST_YEAR, LATEST_YEAR, supportedDate } from "../../domain/instants";
import { MARKET_SESSIONS } from "../../domain/market/market-clock";
import { Instant } from "../shared/schemas";

const MarketDaySchema = z.object({
	date: z.string().openapi({ example: "2026-11-27" }),
	is_trading_day: z.boolean(),
	holiday: z.string().nullable().openapi({ example: "Thanksgiving Day" }),
	early_close: z.string().nullable().openapi({ example: "Day after Thanksgiving" }),
	regular_open: z.string().nullable().openapi({ example: "09:30" }),
	regular_close: z.string().nullable().openapi({ example: "13:00" }),
});

export const MarketTimeQuerySchema = z.object({
	at: Instant.optional().openapi({
		description: "Evaluate the clock at this instant instead of now",
		example: "2026-11-27T12:59:59-05:00",
	}),
});

export const MarketTimeResponseSchema = z
	.object({
		timestamp: z.string().openapi({ example: "2026-11-26T13:07:04.451-05:00" }),
		is_open: z.boolean(),
		next_open: z.string().openapi({ example: "2026-11-27T09:30:00-05:00" }),
		next_close: z.string().openapi({ example: "2026-11-27T13:00:00-05:00" }),
		session: z.enum(MARKET_SESSIONS),
		timezone: z.literal("America/New_York"),
		today: MarketDaySchema,
		next_session: MarketDaySchema,
		next_change: z.string().openapi({ description: "When any field above changes next" }),
	})
	.openapi("MarketTime");

/** A real calendar date in the years the calendar answers for (domain/instants.ts). */
const CalendarDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
	.refine((text) => supportedDate(text) !== null, {
		message: `must be a real date in the years ${EARLIEST_YEAR}-${LATEST_YEAR}`,
	});

export const MarketCalendarQuerySchema = z.object({
	start: CalendarDate.openapi({ example: "2026-11-23" }),
	end: CalendarDate.openapi({ example: "2026-12-31" }),
});

export const MarketCalendarResponseSchema = z
	.array(
		z.object({
			date: z.string(),
			open: z.string().openapi({ example: "09:30" }),
			close: z.string().openapi({ example: "16:00" }),
			session_open: z.string().openapi({ example: "0400" }),
			session_close: z.string().openapi({ example: "2000" }),
		}),
	)
	.openapi("MarketCalendar");

export type MarketTimeAnswer = z.infer<typeof MarketTimeResponseSchema>;
