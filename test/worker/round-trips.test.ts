import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { foldTarget } from "../../src/domain/uptime/fold-plan";
import { runStatusJobs } from "../../src/jobs/run-status-jobs";
import { runScheduled } from "../../src/jobs/scheduled";
import { ATLASSIAN_V2_PATHS, INTERNAL_PATHS, incidentPagePath, PAGE_PATHS, PUBLIC_PATHS } from "../../src/paths";
import { countingD1 } from "./support/counting-d1";
import { relayBody, relaySignature, WEBHOOK_PATH } from "./support/freescout";
import { BASE_URL, CURRENT_TOKEN } from "./support/http";
import { healthyUrls, jobEnv } from "./support/jobs";
import { clearTables } from "./support/tables";

// The D1 round-trip budget, counted by a thin wrapper around the real binding.

beforeEach(clearTables);

async function roundTripsOf(request: Request) {
	const probe = countingD1(env.DB);
	const ctx = createExecutionContext();
	const response = await createApp().fetch(request, { ...env, DB: probe.db }, ctx);
	await response.arrayBuffer();
	await waitOnExecutionContext(ctx);
	const { roundTrips, sessionRoundTrips, sessionConstraints, batches } = probe;
	return { roundTrips, sessionRoundTrips, sessionConstraints, batches, status: response.status };
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
	method: "POST",
	headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN, ...headers },
	body: typeof body === "string" ? body : JSON.stringify(body),
});

/** The uptime rollup as a fold at this moment leaves it: the next fold has nothing to do. */
async function foldedToNow(): Promise<void> {
	const through = new Date(foldTarget(Date.now())).toISOString();
	await env.DB.prepare(
		"INSERT INTO status_uptime_fold (time_zone, folded_through) VALUES ('UTC', ?1) ON CONFLICT (time_zone) DO UPDATE SET folded_through = ?1",
	)
		.bind(through)
		.run();
}

describe("D1 round trips", () => {
	it("each public read: one on a cache miss, none on a hit; the market widgets none", async () => {
		for (const path of [PUBLIC_PATHS.surfaces, PUBLIC_PATHS.incidents, PUBLIC_PATHS.maintenances]) {
			// Through a D1 session (Sessions API) that allows any replica: read replication can serve it.
			// After the answer, one version check on the primary keeps a superseded answer out of the
			// Cache API (src/http/cache/cached-read.ts): it never delays the answer.
			expect(await roundTripsOf(new Request(`${BASE_URL}${path}`))).toMatchObject({
				roundTrips: 2,
				sessionRoundTrips: 1,
				sessionConstraints: ["first-unconstrained"],
				status: 200,
			});
			expect(await roundTripsOf(new Request(`${BASE_URL}${path}`))).toMatchObject({ roundTrips: 0, status: 200 });
		}
		// The uptime history likewise: one batch on a miss, whatever the history; another variant at
		// the same data version is cut from the report that batch built, and costs only the check.
		for (const [query, batches] of [
			["?days=90", 1],
			["?days=7&surface=login", 0],
		] as const) {
			expect(await roundTripsOf(new Request(`${BASE_URL}${PUBLIC_PATHS.uptime}${query}`))).toMatchObject({
				roundTrips: batches + 1,
				sessionRoundTrips: batches,
				batches,
				status: 200,
			});
			expect(await roundTripsOf(new Request(`${BASE_URL}${PUBLIC_PATHS.uptime}${query}`))).toMatchObject({
				roundTrips: 0,
				status: 200,
			});
		}
		// Statuspage's API and the feeds: one snapshot batch per answer on a miss, none on a
		// hit; the HTML page likewise, the snapshot and the 90-day history in that one
		// batch, and an incident's page.
		await env.DB.prepare(
			"INSERT INTO status_incidents (id, surface_id, opened_at, severity) VALUES (7, 'login', '2026-11-20T10:00:00.000Z', 'down')",
		).run();
		for (const path of [
			...Object.values(ATLASSIAN_V2_PATHS),
			PUBLIC_PATHS.feedAtom,
			PUBLIC_PATHS.feedRss,
			PAGE_PATHS.home,
			incidentPagePath("inc_00007"),
			PAGE_PATHS.history,
			`${PAGE_PATHS.history}?before=2026-09`,
			PUBLIC_PATHS.uptimeCsv,
			`${PUBLIC_PATHS.uptimeCsv}?months=3`,
		]) {
			expect(await roundTripsOf(new Request(`${BASE_URL}${path}`))).toMatchObject({
				roundTrips: 2,
				sessionRoundTrips: 1,
				sessionConstraints: ["first-unconstrained"],
				batches: 1,
				status: 200,
			});
			expect(await roundTripsOf(new Request(`${BASE_URL}${path}`))).toMatchObject({ roundTrips: 0, status: 200 });
		}
		for (const path of [PUBLIC_PATHS.marketTime, `${PUBLIC_PATHS.marketCalendar}?start=2026-01-01&end=2026-12-31`]) {
			expect(await roundTripsOf(new Request(`${BASE_URL}${path}`))).toMatchObject({ roundTrips: 0, status: 200 });
		}
	});

	it("each write: one batch to the primary, and nothing else", async () => {
		const update = { surface_id: "login", state: "DOWN", state_source: "manual", actor: "ops", ticket_pending: true };
		expect(await roundTripsOf(new Request(`${BASE_URL}${INTERNAL_PATHS.updateSurface}`, json(update)))).toEqual({
			roundTrips: 1,
			sessionRoundTrips: 0,
			sessionConstraints: [],
			batches: 1,
			status: 200,
		});
		expect(await roundTripsOf(new Request(`${BASE_URL}${INTERNAL_PATHS.seedSurfaces}`, json("")))).toEqual({
			roundTrips: 1,
			sessionRoundTrips: 0,
			sessionConstraints: [],
			batches: 1,
			status: 200,
		});
		const event = relayBody("conversation.created", {
			id: 31,
			status: "open",
			updated_at: "2026-11-26T08:00:00Z",
			component: "charts",
			severity: "down",
		});
		const signed = json(event, { "X-FreeScout-Signature": await relaySignature(event), "X-Internal-Status-Token": "" });
		expect(await roundTripsOf(new Request(`${BASE_URL}${WEBHOOK_PATH}`, signed))).toEqual({
			roundTrips: 1,
			sessionRoundTrips: 0,
			sessionConstraints: [],
			batches: 1,
			status: 200,
		});
	});

	it("a poller cycle: one batch of writes after one read (expired maintenance and windows due, batched), on the primary", async () => {
		const probe = countingD1(env.DB);
		await runStatusJobs({ ...jobEnv(await healthyUrls()), DB: probe.db }, new Date());
		expect(probe.batches).toBe(2);
		expect(probe.roundTrips).toBe(2);
		expect(probe.sessionRoundTrips).toBe(0);
	});

	it("a Cron Trigger cycle records every job's run in the checks' batch: no round trip more than the jobs' own", async () => {
		// A fresh database: the fold reads where the rollup ends and what to fold, and writes it (3),
		// beside the fetches; the cycle reads (1) and writes the checks with every job's run (1); the
		// notifications outbox, with nothing to move on, reads in one batch (1).
		const cycleEnv = jobEnv(await healthyUrls());
		const fresh = countingD1(env.DB);
		await runScheduled({ ...cycleEnv, DB: fresh.db }, new Date());
		expect({ roundTrips: fresh.roundTrips, batches: fresh.batches }).toEqual({ roundTrips: 6, batches: 5 });
		// The rollup up to date: the fold's one read, the cycle's read and its one batch of writes, the outbox's read.
		await foldedToNow();
		const upToDate = countingD1(env.DB);
		await runScheduled({ ...cycleEnv, DB: upToDate.db }, new Date());
		expect({ roundTrips: upToDate.roundTrips, batches: upToDate.batches }).toEqual({ roundTrips: 4, batches: 3 });
		expect(
			upToDate.statements.filter((statement) => statement.sql.includes("INSERT INTO status_job_runs")),
		).toHaveLength(5);
	});

	it("a cycle whose D1 read fails records its jobs failed in one more round trip", async () => {
		const cycleEnv = jobEnv(await healthyUrls());
		await foldedToNow();
		const failing = countingD1(env.DB);
		// The fold is up to date (one read, no batch): the first batch is the cycle's read.
		failing.failNextBatches = 1;
		await expect(runScheduled({ ...cycleEnv, DB: failing.db }, new Date())).rejects.toThrow();
		// The outbox's read after the failed cycle (it fails too, and is only logged).
		expect({ roundTrips: failing.roundTrips, batches: failing.batches }).toEqual({ roundTrips: 4, batches: 3 });
		const recorded = await env.DB.prepare("SELECT job, outcome FROM status_job_runs ORDER BY job").all();
		expect(recorded.results).toEqual([
			{ job: "maintenance_expiry", outcome: "failed" },
			{ job: "maintenance_windows", outcome: "failed" },
			{ job: "partner_poller", outcome: "failed" },
			{ job: "prober", outcome: "failed" },
			{ job: "uptime_fold", outcome: "ok" },
		]);
	});
});
