import { createRoute, z } from "@hono/zod-openapi";
import { PARTIAL_OUTAGE_WEIGHT } from "../../domain/uptime/daily-history";
import { HISTORY_RESOLUTION_MS } from "../../domain/uptime/history-window";
import { MAX_UPTIME_MONTHS } from "../../domain/uptime/monthly-uptime";
import { pageTimeZone } from "../../domain/uptime/page-time-zone";
import { PUBLIC_PATHS } from "../../paths";
import { readMonthlyUptimeReport } from "../../verbs/read-history";
import { serveCachedRead } from "../cache/cached-read";
import { configuredEtag } from "../cache/etag";
import { monthlyUptimeCsv, UPTIME_CSV_COLUMNS } from "../history/uptime-csv";
import { problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";

export const UPTIME_CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present";

// Other parameters are ignored, as every public read ignores them.
const UptimeCsvQuerySchema = z.object({
	months: z
		.string()
		.regex(/^([1-9]|1[0-2])$/, `must be a whole number of months from 1 to ${MAX_UPTIME_MONTHS}`)
		.transform(Number)
		.optional()
		.openapi({
			description: `Calendar months of the page's zone, the current one (to now) included (default ${MAX_UPTIME_MONTHS})`,
			example: "12",
		}),
});

const route = createRoute({
	method: "get",
	tags: tagged("public"),
	path: PUBLIC_PATHS.uptimeCsv,
	summary: `Each surface's uptime per calendar month, up to ${MAX_UPTIME_MONTHS} months, as CSV (the history page's figures)`,
	description: [
		`Columns: ${UPTIME_CSV_COLUMNS.join(", ")}; one line per surface and month, the surfaces in the registry's order, each one's months newest first; RFC 4180 (CRLF, fields with a comma, quote or line break quoted).`,
		`uptime_percent = 100 x (1 - (down + ${PARTIAL_OUTAGE_WEIGHT} x partial) / (operational + degraded + partial + down)), cut to two decimals; empty when the month has no time in those states. Maintenance and time without data (no_data_ms) are left out.`,
		"partial_data is true when part of the month (up to now) has no data: before a surface's first record, or time the rollup does not hold.",
		"Months are calendar months of STATUS_PAGE_TIME_ZONE; the current one runs to now. Cached like the other public reads; the strong ETag names the data version and the minute.",
	].join(" "),
	request: { query: UptimeCsvQuerySchema },
	responses: {
		200: {
			description: "The months",
			content: { "text/csv": { schema: z.string().openapi({ description: "RFC 4180 CSV with a header line" }) } },
		},
		304: { description: "Unchanged since the ETag in If-None-Match" },
		...problemResponses(400, 503),
	},
});

export const publicUptimeCsvRoutes = createRouter().openapi(route, (c) => {
	const { months = MAX_UPTIME_MONTHS } = c.req.valid("query");
	const timeZone = pageTimeZone(c.env.STATUS_PAGE_TIME_ZONE);
	const variant = `${PUBLIC_PATHS.uptimeCsv}?months=${months}`;
	return serveCachedRead(c.req.raw, c.env, c.executionCtx, { variant }, async (session, now) => {
		const { version, report } = await readMonthlyUptimeReport(session, timeZone, months, now);
		const minute = Math.floor(now.getTime() / HISTORY_RESOLUTION_MS);
		const etag = configuredEtag(c.env, "uptime-csv", months, timeZone, version, minute);
		return { body: monthlyUptimeCsv(report), contentType: UPTIME_CSV_CONTENT_TYPE, version, etag };
	});
});
