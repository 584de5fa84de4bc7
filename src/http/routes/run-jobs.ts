import { createRoute } from "@hono/zod-openapi";
import { runStatusJobs } from "../../jobs/run-status-jobs";
import { INTERNAL_PATHS } from "../../paths";
import { requireInternalToken } from "../internal-auth";
import { toRunJobsAnswer } from "../jobs/presenters";
import { RunJobsResponseSchema } from "../jobs/schemas";
import { limitBody, NO_BODY_MAX_BYTES } from "../json-body";
import { INTERNAL_SECURITY, problemResponses, tagged } from "../openapi-helpers";
import { createRouter } from "../router";

const route = createRoute({
	method: "post",
	tags: tagged("internal"),
	path: INTERNAL_PATHS.runJobs,
	summary: "Run one cycle of the scheduled jobs now (partner poller, prober, maintenance expiry)",
	security: INTERNAL_SECURITY,
	middleware: [requireInternalToken, limitBody(NO_BODY_MAX_BYTES)] as const,
	responses: {
		200: {
			description: "What the cycle did for each surface it looked at",
			content: { "application/json": { schema: RunJobsResponseSchema } },
		},
		...problemResponses(401, 503),
	},
});

export const runJobsRoutes = createRouter().openapi(route, async (c) => {
	const now = new Date();
	const report = await runStatusJobs(c.env, now);
	return c.json(toRunJobsAnswer(report, now), 200, { "Cache-Control": "no-store" });
});
