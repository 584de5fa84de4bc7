import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { STATUS_JOBS } from "../../../src/domain/job-health";
import type { JobStatusAnswer } from "../../../src/http/jobs/schemas";
import worker from "../../../src/index";
import { INTERNAL_PATHS, OPENAPI_PATH } from "../../../src/paths";
import { readJobStatus } from "../../../src/verbs/read-job-status";
import { failWritesTo } from "../support/failing-writes";
import { BASE_URL, CURRENT_TOKEN, call, expectProblem } from "../support/http";
import { healthyUrls, jobEnv, ok, scriptedUrl } from "../support/jobs";
import { schemaProblems } from "../support/json-schema";
import { clearTables } from "../support/tables";

beforeEach(clearTables);

const MINUTE = 60_000;

/** One cycle as the Cron Trigger runs it (src/index.ts's scheduled handler), at `at`. */
async function cronAt(cycleEnv: ReturnType<typeof jobEnv>, at: Date): Promise<void> {
	const controller = createScheduledController({ scheduledTime: at, cron: "* * * * *" });
	const ctx = createExecutionContext();
	try {
		await worker.scheduled(controller, cycleEnv, ctx);
	} finally {
		await waitOnExecutionContext(ctx);
	}
}

async function jobStatus(): Promise<JobStatusAnswer> {
	const response = await call(INTERNAL_PATHS.jobs, { headers: { "X-Internal-Status-Token": CURRENT_TOKEN } });
	expect(response.status).toBe(200);
	expect(response.headers.get("Cache-Control")).toBe("no-store");
	return response.json<JobStatusAnswer>();
}

const jobOf = (answer: JobStatusAnswer, job: string) => {
	const found = answer.jobs.find((line) => line.job === job);
	if (!found) throw new Error(`no ${job} in ${JSON.stringify(answer.jobs)}`);
	return found;
};

/** Whole minutes, as the Cron Trigger's scheduledTime is. */
const thisMinute = () => new Date(Math.floor(Date.now() / MINUTE) * MINUTE);

async function auditCount(source: string): Promise<number> {
	const row = await env.DB.prepare("SELECT count(*) AS n FROM status_audit_log WHERE source = ?")
		.bind(source)
		.first<{ n: number }>();
	return row?.n ?? 0;
}

/** The answer matches the schema the served OpenAPI document declares for it, with nothing undeclared. */
async function expectDocumentedShape(answer: JobStatusAnswer): Promise<void> {
	const doc = await (await call(OPENAPI_PATH)).json<{
		paths: Record<string, { get?: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }>;
	}>();
	const schema = doc.paths[INTERNAL_PATHS.jobs]?.get?.responses["200"]?.content["application/json"]?.schema;
	expect(schema).toBeDefined();
	expect(schemaProblems(answer, schema, doc, { undeclared: true })).toEqual([]);
}

describe("GET /api/internal/status/jobs", () => {
	it("needs the internal token: 401 problem+json without it or with a wrong one", async () => {
		await expectProblem(await call(INTERNAL_PATHS.jobs), 401, "unauthorized");
		await expectProblem(
			await call(INTERNAL_PATHS.jobs, { headers: { "X-Internal-Status-Token": "not-the-token" } }),
			401,
			"unauthorized",
		);
	});

	it("on a fresh database: every job never_run, nothing failing, no rollup yet; the next run at the next minute", async () => {
		const answer = await jobStatus();
		await expectDocumentedShape(answer);
		expect(answer.jobs.map((job) => [job.job, job.health, job.last_run])).toEqual(
			STATUS_JOBS.map((job) => [job, "never_run", null]),
		);
		expect(answer.failing_checks).toEqual([]);
		expect(answer.uptime_rollup).toEqual({
			time_zone: "UTC",
			folded_through: null,
			lag_ms: null,
			behind_ms: null,
			up_to_date: false,
			last_fold_failed: false,
		});
		const generated = Date.parse(answer.generated_at);
		expect(Date.parse(answer.next_run_at)).toBe((Math.floor(generated / MINUTE) + 1) * MINUTE);
	});

	it("after a real cycle: every job ok, with its duration and what it changed", async () => {
		const at = thisMinute();
		await cronAt(jobEnv(await healthyUrls()), at);
		const answer = await jobStatus();
		for (const job of answer.jobs) {
			expect(job, job.job).toMatchObject({ health: "ok", last_ok_at: at.toISOString() });
			expect(job.last_run, job.job).toMatchObject({ started_at: at.toISOString(), outcome: "ok", error: null });
			expect(job.last_run?.duration_ms, job.job).toBeGreaterThanOrEqual(0);
		}
		expect(jobOf(answer, "partner_poller").last_run?.changes).toEqual({
			polled: 4,
			failed: 0,
			surfaces_changed: await auditCount("3p_poller"),
		});
		expect(jobOf(answer, "prober").last_run?.changes).toEqual({
			probed: 2,
			down: 0,
			surfaces_changed: await auditCount("prober"),
		});
		expect(await auditCount("3p_poller")).toBeGreaterThan(0);
		expect(jobOf(answer, "maintenance_windows").last_run?.changes).toEqual({
			due: 0,
			started: 0,
			missed: 0,
			surfaces_changed: 0,
		});
		expect(jobOf(answer, "maintenance_expiry").last_run?.changes).toEqual({ expired: 0, surfaces_changed: 0 });
		expect(jobOf(answer, "uptime_fold").last_run?.changes.days_folded).toBeGreaterThan(0);
		expect(answer.failing_checks).toEqual([]);
		expect(answer.uptime_rollup.folded_through).not.toBeNull();
		expect(answer.uptime_rollup.last_fold_failed).toBe(false);
		expect(answer.uptime_rollup.lag_ms).toBeGreaterThanOrEqual(5 * MINUTE);
	});

	it("lists the failing partner polls and probes with readable reasons and since when, until they recover", async () => {
		const healthy = await healthyUrls();
		const partnerPort = new URL(env.PARTNER_SERVER).port;
		const failing = jobEnv({
			partners: {
				// Nothing listens on port 1 of 127.0.0.1: the connection is refused.
				cloudflare: "http://127.0.0.1:1/api/v2/summary.json",
				alpaca: await scriptedUrl([{ status: 500, body: "Internal Server Error", contentType: "text/plain" }]),
				plaid: await scriptedUrl([{ ...ok({ status: { indicator: "none" } }), delayMs: 2000 }]),
				heroku: await scriptedUrl([{ status: 200, body: "<html>maintenance</html>", contentType: "text/html" }]),
			},
			probes: {
				// TLS spoken to a server that speaks plain HTTP: the handshake fails.
				"app-raxx-app": `https://127.0.0.1:${partnerPort}/fixture/none`,
				"public-api": await scriptedUrl([{ status: 503, body: "unavailable", contentType: "text/plain" }]),
			},
		});
		const first = thisMinute();
		await cronAt(failing, first);
		await cronAt(failing, new Date(first.getTime() + MINUTE));

		const answer = await jobStatus();
		await expectDocumentedShape(answer);
		const reasons = Object.fromEntries(answer.failing_checks.map((check) => [check.surface_id, check.reason]));
		expect(reasons).toEqual({
			cloudflare: "status page connection refused or closed before an answer",
			alpaca: "status page returned HTTP 500: Internal Server Error",
			plaid: "status page timed out after 400 ms",
			heroku: "status page returned a body that is not JSON",
			"app-raxx-app": "probe TLS handshake failed",
			"public-api": expect.stringMatching(/^probe got HTTP 503 in \d+ ms \(expected 200\)$/),
		});
		for (const check of answer.failing_checks) {
			expect(check.reason).not.toMatch(/internal error|reference/i);
			expect(check, check.surface_id).toMatchObject({
				failing_since: first.toISOString(),
				checks_in_a_row: 2,
				last_checked_at: new Date(first.getTime() + MINUTE).toISOString(),
			});
		}
		expect(answer.failing_checks.map((check) => [check.surface_id, check.source, check.observation])).toContainEqual([
			"public-api",
			"prober",
			"DOWN",
		]);
		// The jobs themselves ran: their checks failing is what they report.
		expect(jobOf(answer, "partner_poller")).toMatchObject({
			health: "ok",
			last_run: { changes: { polled: 4, failed: 4 } },
		});
		expect(jobOf(answer, "prober")).toMatchObject({ health: "ok", last_run: { changes: { probed: 2, down: 2 } } });

		await cronAt(jobEnv(healthy), new Date(first.getTime() + 2 * MINUTE));
		expect((await jobStatus()).failing_checks).toEqual([]);
		const kept = await env.DB.prepare(
			"SELECT failing_since, last_failed_at, last_failure FROM surface_checks WHERE surface_id = 'alpaca'",
		).first();
		expect(kept).toEqual({
			failing_since: null,
			last_failed_at: new Date(first.getTime() + MINUTE).toISOString(),
			last_failure: "status page returned HTTP 500: Internal Server Error",
		});
	});

	it("a job that has not run for three cycles is stale, whatever its last outcome", async () => {
		const longAgo = new Date(thisMinute().getTime() - 4 * MINUTE);
		await cronAt(jobEnv(await healthyUrls()), longAgo);
		const answer = await jobStatus();
		expect(answer.jobs.map((job) => [job.job, job.health])).toEqual(STATUS_JOBS.map((job) => [job, "stale"]));
		expect(jobOf(answer, "prober").last_run?.started_at).toBe(longAgo.toISOString());

		// Three cycles after a run it is still the last one's outcome; a moment later it is stale.
		const at = longAgo.getTime();
		const healthOf = async (now: number) =>
			(await readJobStatus(env.DB, "UTC", new Date(now))).jobs.map((job) => job.health);
		expect(new Set(await healthOf(at + 3 * MINUTE))).toEqual(new Set(["ok"]));
		expect(new Set(await healthOf(at + 3 * MINUTE + 1))).toEqual(new Set(["stale"]));

		await cronAt(jobEnv(await healthyUrls()), thisMinute());
		expect(new Set((await jobStatus()).jobs.map((job) => job.health))).toEqual(new Set(["ok"]));
	});

	it("a fold that fails shows as failed, with why, while the cycle's other jobs are ok", async () => {
		const restore = await failWritesTo("status_uptime_fold");
		try {
			await cronAt(jobEnv(await healthyUrls()), thisMinute());
		} finally {
			await restore();
		}
		const answer = await jobStatus();
		const fold = jobOf(answer, "uptime_fold");
		expect(fold).toMatchObject({ health: "failed", last_ok_at: null, last_run: { outcome: "failed" } });
		expect(fold.last_run?.error).toMatch(/injected failure/);
		expect(answer.uptime_rollup).toMatchObject({ folded_through: null, last_fold_failed: true });
		for (const job of answer.jobs.filter((line) => line.job !== "uptime_fold")) expect(job.health, job.job).toBe("ok");

		// The next fold succeeds: ok again, and the rollup has a fold point.
		await cronAt(jobEnv(await healthyUrls()), thisMinute());
		const after = await jobStatus();
		expect(jobOf(after, "uptime_fold")).toMatchObject({ health: "ok", last_run: { error: null } });
		expect(after.uptime_rollup.last_fold_failed).toBe(false);
		expect(after.uptime_rollup.folded_through).not.toBeNull();
	});

	it("when the checks' batch fails, the poller and the prober are recorded failed in a write of their own", async () => {
		const restore = await failWritesTo("surface_checks");
		try {
			await expect(cronAt(jobEnv(await healthyUrls()), thisMinute())).rejects.toThrow();
		} finally {
			await restore();
		}
		const answer = await jobStatus();
		for (const job of ["partner_poller", "prober"]) {
			const line = jobOf(answer, job);
			expect(line, job).toMatchObject({ health: "failed", last_run: { outcome: "failed" } });
			expect(line.last_run?.error, job).toMatch(/injected failure/);
		}
		for (const job of ["maintenance_windows", "maintenance_expiry", "uptime_fold"]) {
			expect(jobOf(answer, job).health, job).toBe("ok");
		}
		expect(await auditCount("3p_poller")).toBe(0);
	});

	it("POST run-jobs records the cycle's jobs too; the fold is the Cron Trigger's alone", async () => {
		const response = await createApp().fetch(
			new Request(`${BASE_URL}${INTERNAL_PATHS.runJobs}`, {
				method: "POST",
				headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
			}),
			jobEnv(await healthyUrls()),
			createExecutionContext(),
		);
		expect(response.status).toBe(200);
		const answer = await jobStatus();
		expect(jobOf(answer, "uptime_fold").health).toBe("never_run");
		for (const job of ["partner_poller", "prober", "maintenance_windows", "maintenance_expiry"]) {
			expect(jobOf(answer, job).health, job).toBe("ok");
		}
	});
});
