import { createRoute, z } from "@hono/zod-openapi";
import { countSubscriptions, selfServiceSubscriberPage } from "../../db/notifications/subscription-reports";
import { INTERNAL_PATHS } from "../../paths";
import { requireInternalToken } from "../internal-auth";
import { INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";
import { toExportCsv, toSummaryAnswer } from "../subscribers/report-presenters";
import {
	EXPORT_COLUMNS,
	EXPORT_LIMIT,
	ExportQuerySchema,
	SubscriptionSummarySchema,
} from "../subscribers/report-schemas";

// The operators' view of subscriptions: how many, of which kind and state, and the self-service
// subscribers as CSV. Reads only; removing one is DELETE /api/internal/status/subscribers/{id}.

const NO_STORE = { "Cache-Control": "no-store" };

const summary = createRoute({
	method: "get",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscriptionsSummary,
	summary:
		"Counts of subscribers by origin, kind and state, of pending subscription requests by kind, and of suppressed addresses",
	description:
		"One D1 read. Subscribers: `operator` (made through this API) and `self_service` (confirmed from the page), each kind enabled and disabled. Requests: unconfirmed subscriptions, `expired` ones (past their 24 hours, waiting for the cron to remove them) apart. suppressed_addresses: addresses removed, kept only as a hash. No address is in the answer.",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken] as const,
	responses: {
		200: { description: "The counts", content: { "application/json": { schema: SubscriptionSummarySchema } } },
		...problemResponses(401, 503),
	},
});

const exportCsv = createRoute({
	method: "get",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.subscriptionsExport,
	summary: "The self-service subscribers as CSV, a page at a time in id order",
	description: `Columns ${EXPORT_COLUMNS.join(", ")} (RFC 4180, CRLF, a header line): address is the email address or the webhook URL; surfaces the surface ids space-separated, or \`all\`. A cell a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage return) starts with ' instead. At most limit (default ${EXPORT_LIMIT.default}) rows; when more follow, a Link header with rel="next" names the next page. The answer holds addresses: keep it as personal data.`,
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken] as const,
	request: { query: ExportQuerySchema },
	responses: {
		200: {
			description: "One page of the export",
			headers: {
				Link: {
					description: 'The next page, when more rows follow: `<...export.csv?after=sub_...&limit=N>; rel="next"`',
					schema: { type: "string" as const },
				},
			},
			content: { "text/csv": { schema: z.string() } },
		},
		...problemResponses(400, 401, 503),
	},
});

export const subscriberReportRoutes = createRouter()
	.openapi(summary, async (c) => {
		const now = new Date();
		const rows = await countSubscriptions(c.env.DB, now.toISOString());
		return c.json(toSummaryAnswer(rows, now), 200, NO_STORE);
	})
	.openapi(exportCsv, async (c) => {
		const query = c.req.valid("query");
		const limit = query.limit === undefined ? EXPORT_LIMIT.default : Number(query.limit);
		const page = await selfServiceSubscriberPage(c.env.DB, query.after ?? null, limit);
		const last = page.rows.at(-1);
		const headers: Record<string, string> = {
			...NO_STORE,
			"Content-Type": "text/csv; charset=utf-8; header=present",
			"Content-Disposition": 'attachment; filename="self-service-subscribers.csv"',
		};
		if (page.more && last) {
			const next = new URLSearchParams({ after: last.id, limit: String(limit) });
			headers.Link = `<${INTERNAL_PATHS.subscriptionsExport}?${next}>; rel="next"`;
		}
		console.info(JSON.stringify({ event: "subscriptions_exported", rows: page.rows.length, more: page.more }));
		return c.body(toExportCsv(page.rows), 200, headers);
	});
