import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import type { RunJobsAnswer } from "../../../src/http/jobs/schemas";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import worker from "../../../src/index";
import { INTERNAL_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { relayBody, sendRelay } from "../support/freescout";
import { BASE_URL, CURRENT_TOKEN, call, expectProblem, updateSurface } from "../support/http";
import { fixtureUrl, healthyUrls, jobEnv, ok, runCycle, scriptedUrl } from "../support/jobs";
import { auditFor, clearTables } from "../support/tables";

beforeEach(clearTables);

async function stateOf(surfaceId: string) {
	const board = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
	return board.surfaces.find((surface) => surface.id === surfaceId)?.state;
}

describe("the Cron Trigger", () => {
	it("runs a cycle when invoked through the integration's scheduled controller", async () => {
		const healthy = await healthyUrls();
		const cycleEnv = jobEnv({
			...healthy,
			partners: { ...healthy.partners, heroku: fixtureUrl("heroku-status-v4-current-status.cli-test-shape.json") },
		});
		const controller = createScheduledController({
			scheduledTime: new Date("2026-11-26T15:00:00Z"),
			cron: "* * * * *",
		});
		const ctx = createExecutionContext();
		await worker.scheduled(controller, cycleEnv, ctx);
		await waitOnExecutionContext(ctx);
		expect(await stateOf("heroku")).toBe("DOWN");
		expect(await stateOf("cloudflare")).toBe("OPERATIONAL");
		expect((await auditFor("heroku"))[0]?.created_at).toBe("2026-11-26T15:00:00.000Z");
	});
});

describe("POST /api/internal/status/run-jobs", () => {
	it("needs the internal token", async () => {
		await expectProblem(await call(INTERNAL_PATHS.runJobs, { method: "POST" }), 401, "unauthorized");
	});

	it("runs one cycle now and answers what it did for each surface", async () => {
		const cycleEnv = jobEnv(await healthyUrls());
		const response = await createApp().fetch(
			new Request(`${BASE_URL}${INTERNAL_PATHS.runJobs}`, {
				method: "POST",
				headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
			}),
			cycleEnv,
			createExecutionContext(),
		);
		expect(response.status).toBe(200);
		const body = await response.json<RunJobsAnswer>();
		expect(body.surfaces.map((line) => `${line.job}:${line.surface_id}`).sort()).toEqual(
			[
				"3p_poller:alpaca",
				"3p_poller:cloudflare",
				"3p_poller:heroku",
				"3p_poller:plaid",
				"prober:app-raxx-app",
				"prober:public-api",
			].sort(),
		);
		expect(await stateOf("cloudflare")).toBe("OPERATIONAL");
	});
});

describe("precedence for the cron's writes: every automated source against every hold", () => {
	type Hold = "none" | "manual_hold" | "maintenance_window" | "open_ticket";
	const arrange: Record<Hold, (surfaceId: string) => Promise<unknown>> = {
		none: async () => undefined,
		manual_hold: (surfaceId) =>
			updateSurface({ surface_id: surfaceId, state: "DEGRADED", state_source: "manual", actor: "ops" }),
		maintenance_window: (surfaceId) =>
			updateSurface({
				surface_id: surfaceId,
				state: "MAINTENANCE",
				state_source: "manual",
				actor: "ops",
				maintenance_until: new Date(Date.now() + 3_600_000).toISOString(),
			}),
		open_ticket: (surfaceId) =>
			sendRelay(
				relayBody("conversation.created", {
					id: surfaceId.length * 1000 + 7,
					status: "open",
					updated_at: "2026-11-26T08:00:00Z",
					component: surfaceId,
					severity: "degraded",
				}),
			),
	};

	for (const source of ["3p_poller", "prober"] as const) {
		const surfaceId = source === "3p_poller" ? "plaid" : "public-api";
		for (const hold of ["none", "manual_hold", "maintenance_window", "open_ticket"] as const) {
			it(`${source} against ${hold}`, async () => {
				await arrange[hold](surfaceId);
				const before = await auditFor(surfaceId);
				const healthy = await healthyUrls();
				const majorOutage = await scriptedUrl([ok({ status: { indicator: "critical" } })]);
				const probeDown = await scriptedUrl([{ status: 500, body: "down" }]);
				const cycleEnv = jobEnv(
					{
						partners: { ...healthy.partners, plaid: majorOutage },
						probes: { ...healthy.probes, "public-api": probeDown },
					},
					{ STATUS_PROBE_STREAK: "1" },
				);
				const report = await runCycle(cycleEnv);
				const line = report.find((entry) => entry.surfaceId === surfaceId && entry.job === source);
				if (hold === "none") {
					expect(line).toMatchObject({ heldBy: null, changed: true, stateAfter: "DOWN" });
					expect(await auditFor(surfaceId)).toHaveLength(before.length + 1);
				} else {
					expect(line).toMatchObject({ heldBy: hold, changed: false });
					expect(await stateOf(surfaceId)).not.toBe("DOWN");
					expect(await auditFor(surfaceId)).toEqual(before);
				}
			});
		}
	}
});
