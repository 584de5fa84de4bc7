import { beforeEach, describe, expect, it } from "vitest";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { PUBLIC_PATHS } from "../../../src/paths";
import { relayBody, sendRelay } from "../support/freescout";
import { call, updateSurface } from "../support/http";
import { healthyUrls, jobEnv, ok, runCycle, scriptedUrl } from "../support/jobs";
import { auditFor, clearTables } from "../support/tables";

beforeEach(clearTables);

const HOUR = 3_600_000;

async function publicSurface(surfaceId: string) {
	const board = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
	return board.surfaces.find((surface) => surface.id === surfaceId);
}

const startWindow = (surfaceId: string, until: Date, source = "manual") =>
	updateSurface({
		surface_id: surfaceId,
		state: "MAINTENANCE",
		state_source: source,
		actor: "ops",
		public_note: "Planned database upgrade",
		maintenance_until: until.toISOString(),
	});

describe("maintenance windows", () => {
	it("end when maintenance_until passes: audit row from the schedule, back to OPERATIONAL", async () => {
		const until = new Date(Date.now() + HOUR);
		expect((await startWindow("deposits", until, "schedule")).status).toBe(200);
		const healthy = await healthyUrls();

		await runCycle(jobEnv(healthy), new Date(until.getTime() - 1000));
		expect(await publicSurface("deposits")).toMatchObject({ state: "MAINTENANCE" });

		const report = await runCycle(jobEnv(healthy), new Date(until.getTime() + 1000));
		expect(report.find((line) => line.surfaceId === "deposits")).toMatchObject({
			job: "maintenance_end",
			stateBefore: "MAINTENANCE",
			stateAfter: "OPERATIONAL",
			changed: true,
		});
		expect(await publicSurface("deposits")).toMatchObject({
			state: "OPERATIONAL",
			maintenance_until: null,
			public_note: null,
		});
		expect((await auditFor("deposits")).map((row) => [row.new_state, row.source, row.note])).toEqual([
			["MAINTENANCE", "schedule", "Planned database upgrade"],
			["OPERATIONAL", "schedule", "maintenance window ended"],
		]);
	});

	it("return a partner to what its poller has settled on, and hold the poller off until then", async () => {
		const healthy = await healthyUrls();
		const degraded = await scriptedUrl([
			ok({ status: { indicator: "minor" }, components: [{ id: "x", status: "degraded_performance" }] }),
		]);
		const cycleEnv = jobEnv({ ...healthy, partners: { ...healthy.partners, cloudflare: degraded } });
		const until = new Date(Date.now() + HOUR);
		await startWindow("cloudflare", until);

		const during = await runCycle(cycleEnv, new Date(until.getTime() - 60_000));
		expect(during.find((line) => line.surfaceId === "cloudflare")).toMatchObject({
			heldBy: "maintenance_window",
			changed: false,
		});
		expect((await publicSurface("cloudflare"))?.state).toBe("MAINTENANCE");

		await runCycle(cycleEnv, new Date(until.getTime() + 1000));
		expect((await publicSurface("cloudflare"))?.state).toBe("DEGRADED");
		// The schedule ends the window; the poller, later in the same batch, takes the state over.
		expect((await auditFor("cloudflare")).map((row) => [row.new_state, row.source])).toEqual([
			["MAINTENANCE", "manual"],
			["DEGRADED", "schedule"],
			["DEGRADED", "3p_poller"],
		]);
	});

	it("with an open ticket at expiry: the ticket's severity shows, and resolving it returns to OPERATIONAL", async () => {
		const ticket = (status: "open" | "closed", updatedAt: string) =>
			relayBody("conversation.updated", {
				id: 4242,
				status,
				updated_at: updatedAt,
				component: "withdrawals",
				severity: "partial",
				note: "Withdrawals delayed",
			});
		await sendRelay(ticket("open", "2026-11-26T08:00:00Z"));
		const until = new Date(Date.now() + HOUR);
		await startWindow("withdrawals", until);
		expect(await publicSurface("withdrawals")).toMatchObject({ state: "MAINTENANCE", ticket_pending: true });

		await runCycle(jobEnv(await healthyUrls()), new Date(until.getTime() + 1000));
		expect(await publicSurface("withdrawals")).toMatchObject({
			state: "PARTIAL",
			ticket_pending: true,
			maintenance_until: null,
			public_note: "Withdrawals delayed",
		});

		await sendRelay(ticket("closed", "2026-11-26T09:00:00Z"));
		expect(await publicSurface("withdrawals")).toMatchObject({ state: "OPERATIONAL", ticket_pending: false });
	});

	it("a ticket opened during a window shows, and the window's end is still recorded", async () => {
		const until = new Date(Date.now() + HOUR);
		await startWindow("charts", until);
		await sendRelay(
			relayBody("conversation.created", {
				id: 4343,
				status: "open",
				updated_at: "2026-11-26T08:00:00Z",
				component: "charts",
				severity: "down",
			}),
		);
		expect(await publicSurface("charts")).toMatchObject({ state: "DOWN", maintenance_until: until.toISOString() });
		await runCycle(jobEnv(await healthyUrls()), new Date(until.getTime() + 1000));
		expect(await publicSurface("charts")).toMatchObject({
			state: "DOWN",
			maintenance_until: null,
			ticket_pending: true,
		});
	});
});
