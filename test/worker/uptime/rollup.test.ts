import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { FOLD_DAYS_PER_CYCLE, FOLD_GRACE_MS } from "../../../src/domain/uptime/fold-plan";
import { INTERNAL_PATHS } from "../../../src/paths";
import { foldUptime } from "../../../src/verbs/fold-uptime";
import { relayBody, sendRelay } from "../support/freescout";
import { CURRENT_TOKEN, call, expectProblem, updateSurface } from "../support/http";
import { healthyUrls, jobEnv, ok, runCycle, scriptedUrl } from "../support/jobs";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";
import { atTime, callInZone, insertAudit, uptimeAnswer } from "./support";

// Issue 13: the rollup is derived from the audit log alone. After a random workload of writes,
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
	const fold = await env.DB.prepare("SELECT * FROM status_uptime_fold ORDER BY time_zone").all();
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
							await foldUptime(env.DB, ZONE, new Date(now));
						}
					});
				}
				// The cron catches up, as it would over the next minutes.
				for (let cycle = 0; cycle < 10; cycle += 1) {
					if ((await foldUptime(env.DB, ZONE, new Date(now))).upToDate) break;
				}
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

	it("folds only days that ended FOLD_GRACE_MS ago, a bounded number per cycle, and each day once", async () => {
		const now = Date.parse("2026-11-20T00:04:00Z");
		await insertAudit([{ surfaceId: "login", state: "OPERATIONAL", at: Date.parse("2026-08-01T00:00:00Z") }]);
		const first = await foldUptime(env.DB, "UTC", new Date(now));
		expect(first.dates).toHaveLength(FOLD_DAYS_PER_CYCLE);
		// The first day a 90-day window shows: today is its 90th.
		expect(first.dates[0]).toBe("2026-08-23");
		let last = first;
		while (!last.upToDate) last = await foldUptime(env.DB, "UTC", new Date(now));
		// 2026-11-19 ended four minutes ago: not yet.
		expect(last.foldedThrough).toBe("2026-11-19T00:00:00.000Z");
		const later = await foldUptime(env.DB, "UTC", new Date(now + FOLD_GRACE_MS));
		expect(later.dates).toEqual(["2026-11-19"]);
		expect((await foldUptime(env.DB, "UTC", new Date(now + FOLD_GRACE_MS))).dates).toEqual([]);
		const { results } = await env.DB.prepare(
			"SELECT count(*) AS days, sum(operational_ms) AS ms FROM status_uptime_days WHERE surface_id = 'login'",
		).all<{ days: number; ms: number }>();
		expect(results[0]).toEqual({ days: 89, ms: 89 * 86_400_000 });
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
