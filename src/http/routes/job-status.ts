import { createRoute } from "@hono/zod-openapi";
import { STALE_AFTER_CYCLES } from "../../domain/job-health";
import { pageTimeZone } from "../../domain/uptime/page-time-zone";
import { INTERNAL_PATHS } from "../../paths";
import { readJobStatus } from "../../verbs/read-job-status";
import { requireInternalToken } from "../internal-auth";
import { toJobStatusAnswer } from "../jobs/presenters";
import { JobStatusResponseSchema } from "../jobs/schemas";
import { INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";

const route = createRoute({
	method: "get",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.jobs,
	summary: "The scheduled jobs' health: each job's last run, the failing partner polls and probes, the rollup's lag",
	description: `Read from the primary, never cached. A job is stale when it has not run for ${STALE_AFTER_CYCLES} cycles (the Cron Trigger runs every minute).`,
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken] as const,
	responses: {
		200: {
			description: "How the jobs are doing now",
			content: { "application/json": { schema: JobStatusResponseSchema } },
		},
		...problemResponses(401, 503),
	},
});

export const jobStatusRoutes = createRouter().openapi(route, async (c) => {
	const report = await readJobStatus(c.env.DB, pageTimeZone(c.env.STATUS_PAGE_TIME_ZONE), new Date());
	return c.json(toJobStatusAnswer(report), 200, { "Cache-Control": "no-store" });
});
