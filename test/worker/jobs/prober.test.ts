import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { INTERNAL_PATHS } from "../../../src/paths";
import { CURRENT_TOKEN, call, updateSurface } from "../support/http";
import { down, healthyUrls, jobEnv, runCycle, scriptedUrl, up } from "../support/jobs";
import { auditFor, clearTables } from "../support/tables";

beforeEach(clearTables);

const minute = (n: number) => new Date(Date.UTC(2026, 10, 26, 14, n));

async function surfaceRow(surfaceId: string) {
	return env.DB.prepare("SELECT state, last_probe_at FROM surface_state WHERE surface_id = ?")
		.bind(surfaceId)
		.first<{ state: string; last_probe_at: string | null }>();
}

describe("the prober", () => {
	it("changes state only after three agreeing probes in a row, over a flapping sequence of minutes", async () => {
		await call(INTERNAL_PATHS.seedSurfaces, {
			method: "POST",
			headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
		});
		const probes = [up, down, up, up, up, down, down, up, down, down, down, up, up, up];
		const expected = [
			"UNKNOWN", // up x1
			"UNKNOWN", // down x1
			"UNKNOWN", // up x1
			"UNKNOWN", // up x2
			"OPERATIONAL", // up x3
			"OPERATIONAL", // down x1
			"OPERATIONAL", // down x2
			"OPERATIONAL", // up x1: the streak of downs is broken
			"OPERATIONAL", // down x1
			"OPERATIONAL", // down x2
			"DOWN", // down x3
			"DOWN", // up x1
			"DOWN", // up x2
			"OPERATIONAL", // up x3
		];
		const healthy = await healthyUrls();
		const target = await scriptedUrl(probes);
		const cycleEnv = jobEnv({ ...healthy, probes: { ...healthy.probes, "app-raxx-app": target } });

		const seen: string[] = [];
		for (let step = 0; step < probes.length; step += 1) {
			await runCycle(cycleEnv, minute(step));
			const row = await surfaceRow("app-raxx-app");
			seen.push(row?.state ?? "none");
			// Every probe records its time, whether or not the state moved.
			expect(row?.last_probe_at).toBe(minute(step).toISOString());
		}
		expect(seen).toEqual(expected);
		expect((await auditFor("app-raxx-app")).map((row) => [row.previous_state, row.new_state, row.source])).toEqual([
			[null, "UNKNOWN", "manual"],
			["UNKNOWN", "OPERATIONAL", "prober"],
			["OPERATIONAL", "DOWN", "prober"],
			["DOWN", "OPERATIONAL", "prober"],
		]);
	});

	it("takes the streak length from the configuration, and counts a wrong status or a timeout as down", async () => {
		const healthy = await healthyUrls();
		const target = await scriptedUrl([{ status: 404, body: "gone" }, { status: 200, body: "slow", delayMs: 1000 }, up]);
		const cycleEnv = jobEnv(
			{ ...healthy, probes: { ...healthy.probes, "public-api": target } },
			{ STATUS_PROBE_STREAK: "1" },
		);
		await runCycle(cycleEnv, minute(0));
		expect((await surfaceRow("public-api"))?.state).toBe("DOWN");
		const timedOut = await runCycle(cycleEnv, minute(1));
		expect(timedOut.find((line) => line.surfaceId === "public-api")?.detail).toBe("probe timed out after 400 ms");
		expect((await surfaceRow("public-api"))?.state).toBe("DOWN");
		await runCycle(cycleEnv, minute(2));
		expect((await surfaceRow("public-api"))?.state).toBe("OPERATIONAL");
	});

	it("under a manual hold: records the probe, keeps the state, writes no audit row", async () => {
		await updateSurface({ surface_id: "app-raxx-app", state: "DEGRADED", state_source: "manual", actor: "ops" });
		const healthy = await healthyUrls();
		const cycleEnv = jobEnv(healthy, { STATUS_PROBE_STREAK: "1" });
		const report = await runCycle(cycleEnv, minute(5));
		expect(report.find((line) => line.surfaceId === "app-raxx-app")).toMatchObject({
			heldBy: "manual_hold",
			changed: false,
		});
		expect(await surfaceRow("app-raxx-app")).toEqual({ state: "DEGRADED", last_probe_at: minute(5).toISOString() });
		expect(await auditFor("app-raxx-app")).toHaveLength(1);
	});
});
