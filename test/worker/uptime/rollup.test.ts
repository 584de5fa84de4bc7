import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { FOLD_DAYS_PER_CYCLE, FOLD_STEP_MS, foldTarget } from "../../../src/domain/uptime/fold-plan";
import { INTERNAL_PATHS } from "../../../src/paths";
import { foldUptime } from "../../../src/verbs/fold-uptime";
import { relayBody, sendRelay } from "../support/freescout";
import { CURRENT_TOKEN, call, expectProblem, updateSurface } from "../support/http";
import { healthyUrls, jobEnv, ok, runCycle, scriptedUrl } from "../support/jobs";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";
import { atTime, callInZone, insertAudit, uptimeAnswer } from "./support";

// The rollup is derived from the audit log alone. After a random workload of writes,
// webhooks and job cycles over days of clock, with the cron's fold running between them, the rows
// the fold kept equal the rows a rebuild makes, and the public answer is the same whether it reads
// the rollup or (rollup forgotten) the audit log alone.

beforeEach(clearTables);

const ZONE = "America/New_York";
const MINUTE = 60_000;

async function rollupRows() {
	const { results } = await env.DB.prepare(
		"SELECT * FROM status_uptime_days ORDER BY time_zone, date, surface_id",
	).all();
	// Not rollup_id: a rebuild draws a new one (held-rollup.test.ts), whatever rows it writes.
	const fold = await env.DB.prepare(
		"SELECT time_zone, folded_through FROM status_uptime_fold ORDER BY time_zone",
	).all();
	return { days: results, fold: fold.results };
}

/** `npm run db:rebuild-rollup` as it drives the Worker: restart, then call until up to date. */
async function rebuild(now: number): Promise<number> {
	let calls = 0;
	for (let restart = true; calls < 50; restart = false) {
		calls += 1;
		const response = await callInZone(
			`${INTERNAL_PATHS.rebuildUptime}?restart=${restart}`,
			{ method: "POST", headers: { "X-Internal-Status-Token": CURRENT_TOKEN } },
			{ zone: ZONE, now },
		);
		expect(response.status).toBe(200);
		const body = await response.json<{ up_to_date: boolean; time_zone: string }>();
		expect(body.time_zone).toBe(ZONE);
		if (body.up_to_date) return calls;
	}
	throw new Error("the rebuild did not finish in 50 calls");
}

async function catchUp(now: number): Promise<void> {
	for (let cycle = 0; cycle < 20; cycle += 1) if ((await foldUptime(env.DB, ZONE, new Date(now))).upToDate) return;
	throw new Error("the fold did not catch up in 20 cycles");
}

type Step =
	| { kind: "manual"; surfaceId: string; state: string }
	| { kind: "ticket"; ticketId: number; surfaceId: string; open: boolean; severity: string }
	| { kind: "cycle"; cloudflare: "none" | "major" | "critical" }
	| { kind: "fold" };

const surface = fc.constantFrom("login", "app-raxx-app", "withdrawals");
const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({
		kind: fc.constant("manual" as const),
		surfaceId: surface,
		state: fc.constantFrom("OPERATIONAL", "DEGRADED", "PARTIAL", "DOWN", "MAINTENANCE"),
	}),
	fc.record({
		kind: fc.constant("ticket" as const),
		ticketId: fc.integer({ min: 1, max: 3 }),
		surfaceId: surface,
		open: fc.boolean(),
		severity: fc.constantFrom("degraded", "partial", "down"),
	}),
	fc.record({ kind: fc.constant("cycle" as const), cloudflare: fc.constantFrom("none", "major", "critical") }),
	fc.record({ kind: fc.constant("fold" as const) }),
);
const timedStep = fc.record({ step, advanceMinutes: fc.integer({ min: 1, max: 20 * 60 }) });

describe("the uptime rollup", () => {
	it("kept by the cron's fold equals the one rebuilt from the audit log, after a random workload", async () => {
		const healthy = await healthyUrls();
		const pages = {
			none: healthy.partners.cloudflare,
			major: await scriptedUrl([ok({ status: { indicator: "major" }, components: [] })]),
			critical: await scriptedUrl([ok({ status: { indicator: "critical" }, components: [] })]),
		};
		await fc.assert(
			fc.asyncProperty(fc.array(timedStep, { minLength: 10, maxLength: 25 }), async (steps) => {
				await clearTables();
				let now = Date.parse("2026-10-28T15:00:00Z");
				for (const [index, { step, advanceMinutes }] of steps.entries()) {
					now += advanceMinutes * MINUTE;
					await atTime(now, async () => {
						if (step.kind === "manual") {
							const response = await updateSurface({
								surface_id: step.surfaceId,
								state: step.state,
								state_source: "manual",
								actor: "ops",
							});
							expect(response.status).toBe(200);
						} else if (step.kind === "ticket") {
							const body = relayBody("conversation.updated", {
								id: step.ticketId,
								status: step.open ? "open" : "closed",
								updated_at: new Date(now).toISOString(),
								component: step.surfaceId,
								severity: step.severity,
								note: `step ${index}`,
							});
							expect((await sendRelay(body)).status).toBe(200);
						} else if (step.kind === "cycle") {
							const cycleEnv = jobEnv(
								{ ...healthy, partners: { ...healthy.partners, cloudflare: pages[step.cloudflare] } },
								{ STATUS_PAGE_TIME_ZONE: ZONE },
							);
							await runCycle(cycleEnv, new Date(now));
						} else {
							// The cron, which has been running every minute: caught up to now.
							await catchUp(now);
						}
					});
				}
				await catchUp(now);
				const kept = await rollupRows();
				expect(kept.fold).toHaveLength(1);
				const answerKept = await uptimeAnswer("?days=90", { zone: ZONE, now });

				await rebuild(now);
				expect(await rollupRows()).toEqual(kept);
				await rebuild(now);
				expect(await rollupRows()).toEqual(kept);

				await env.DB.prepare("DELETE FROM status_uptime_fold").run();
				await env.DB.prepare("DELETE FROM status_uptime_days").run();
				expect(await uptimeAnswer("?days=90", { zone: ZONE, now })).toEqual(answerKept);
			}),
			{ numRuns: runs(12, 120) },
		);
	}, 600_000);

	it("folds up to a grid point FOLD_GRACE_MS old, a bounded number of days per call, continuing a day it ended inside", async () => {
		const now = Date.parse("2026-11-20T10:04:00Z");
		await insertAudit([{ surfaceId: "login", state: "OPERATIONAL", at: Date.parse("2026-08-01T00:00:00Z") }]);
		const first = await foldUptime(env.DB, "UTC", new Date(now));
		// The first day a 90-day window shows: today is its 90th.
		expect(first.dates).toHaveLength(FOLD_DAYS_PER_CYCLE);
		expect(first.dates[0]).toBe("2026-08-23");
		let last = first;
		while (!last.upToDate) last = await foldUptime(env.DB, "UTC", new Date(now));
		// 09:45 is the last quarter hour at least five minutes old.
		expect(last.foldedThrough).toBe("2026-11-20T09:45:00.000Z");
		expect(foldTarget(now)).toBe(Date.parse("2026-11-20T09:45:00Z"));
		await insertAudit([{ surfaceId: "login", state: "DOWN", at: Date.parse("2026-11-20T09:50:00Z") }]);
		expect((await foldUptime(env.DB, "UTC", new Date(now + 30_000))).dates).toEqual([]);
		const later = await foldUptime(env.DB, "UTC", new Date(now + FOLD_STEP_MS));
		expect([later.dates, later.foldedThrough]).toEqual([["2026-11-20"], "2026-11-20T10:00:00.000Z"]);
		const { results } = await env.DB.prepare(
			"SELECT date, operational_ms, down_ms, worst FROM status_uptime_days WHERE surface_id = 'login' ORDER BY date",
		).all<{ date: string; operational_ms: number; down_ms: number; worst: string }>();
		expect(results).toHaveLength(90);
		expect(results.at(-2)).toMatchObject({ date: "2026-11-19", operational_ms: 86_400_000, worst: "OPERATIONAL" });
		expect(results.at(-1)).toEqual({
			date: "2026-11-20",
			operational_ms: (9 * 60 + 50) * 60_000,
			down_ms: 10 * 60_000,
			worst: "DOWN",
		});
	});

	it("lets one of two folds racing from the same point land, and the other write nothing", async () => {
		const now = new Date("2026-11-20T12:00:00Z");
		await insertAudit([{ surfaceId: "login", state: "DOWN", at: Date.parse("2026-08-01T00:00:00Z") }]);
		const reports = await Promise.all([foldUptime(env.DB, "UTC", now), foldUptime(env.DB, "UTC", now)]);
		expect(reports.map((report) => report.dates.length).sort()).toEqual([0, FOLD_DAYS_PER_CYCLE]);
		const { results } = await env.DB.prepare("SELECT count(*) AS n FROM status_uptime_days").all<{ n: number }>();
		expect(results[0]?.n).toBe(FOLD_DAYS_PER_CYCLE);
	});

	it("rebuilds only with the internal token, and refuses unknown parameters", async () => {
		await expectProblem(await call(INTERNAL_PATHS.rebuildUptime, { method: "POST" }), 401, "unauthorized");
		const response = await call(`${INTERNAL_PATHS.rebuildUptime}?restart=yes`, {
			method: "POST",
			headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
		});
		await expectProblem(response, 400, "invalid_query");
		expect((await rollupRows()).fold).toEqual([]);
	});
});
