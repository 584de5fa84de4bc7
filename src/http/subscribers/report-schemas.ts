import { z } from "@hono/zod-openapi";

/** Rows per page of the CSV export. */
export const EXPORT_LIMIT = { default: 1000, max: 5000 } as const;

/** The export's columns, its first line. */
export const EXPORT_COLUMNS = ["id", "kind", "address", "surfaces", "enabled", "created_at"] as const;

const EnabledCounts = z
	.object({ enabled: z.number().int(), disabled: z.number().int() })
	.openapi("SubscriberStateCounts");

const RequestCounts = z
	.object({
		pending: z.number().int().openapi({ description: "Waiting for their confirmation" }),
		expired: z
			.number()
			.int()
			.openapi({ description: "Past their 24 hours, not confirmable any more; the cron removes them" }),
	})
	.openapi("SubscriptionRequestCounts");

export const SubscriptionSummarySchema = z
	.object({
		subscribers: z.object({
			total: z.number().int(),
			enabled: z.number().int(),
			disabled: z.number().int(),
			by_origin: z.record(z.string(), z.record(z.string(), EnabledCounts)).openapi({
				description:
					"origin (`operator`, `self_service`) -> kind -> counts; every kind an origin makes is listed, 0 included",
				example: {
					operator: { webhook: { enabled: 2, disabled: 0 }, slack: { enabled: 1, disabled: 1 } },
					self_service: { email: { enabled: 40, disabled: 2 }, webhook: { enabled: 3, disabled: 0 } },
				},
			}),
		}),
		requests: z.object({
			pending: z.number().int(),
			expired: z.number().int(),
			by_kind: z.record(z.string(), RequestCounts).openapi({ description: "kind (`email`, `webhook`) -> counts" }),
		}),
		suppressed_addresses: z.number().int().openapi({
			description: "Addresses removed (unsubscribed or by an operator), kept only as a hash",
		}),
		generated_at: z.string(),
	})
	.openapi("SubscriptionSummary");

/** A subscriber id, or anything alike (as the other listings' cursors). */
const RecordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, '_' or '-'");

export const ExportQuerySchema = z.strictObject({
	limit: z
		.string()
		.regex(/^\d{1,4}$/, "must be a whole number")
		.refine((text) => Number(text) >= 1 && Number(text) <= EXPORT_LIMIT.max, {
			message: `must be 1 to ${EXPORT_LIMIT.max}`,
		})
		.optional()
		.openapi({
			param: { name: "limit", in: "query" },
			description: `Rows per page, 1 to ${EXPORT_LIMIT.max} (default ${EXPORT_LIMIT.default})`,
		}),
	after: RecordId.optional().openapi({
		param: { name: "after", in: "query" },
		description: "The page after this subscriber id: the `after` of the previous page's Link rel=next",
	}),
});
