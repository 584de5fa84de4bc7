import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { jobConfigFromEnv } from "../../../src/jobs/config";
import { pollPartners } from "../../../src/jobs/partner-poller";
import { runStatusJobs } from "../../../src/jobs/run-status-jobs";
import { PUBLIC_PATHS } from "../../../src/paths";
import { countingD1 } from "../support/counting-d1";
import { call, updateSurface } from "../support/http";
import { down, fixtureUrl, healthyUrls, jobEnv, ok, runCycle, scriptedUrl } from "../support/jobs";
import { auditFor, clearTables } from "../support/tables";

beforeEach(clearTables);
afterEach(() => {
	vi.restoreAllMocks();
});

async function stateOf(surfaceId: string): Promise<string> {
	const board = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
	return board.surfaces.find((surface) => surface.id === surfaceId)?.state ?? "missing";
}

describe("the partner poller", () => {
	it("maps each partner's real page format to its state, in one cycle", async () => {
		const healthy = await healthyUrls();
		const cycleEnv = jobEnv({
			...healthy,
			partners: {
				cloudflare: fixtureUrl("statuspage-summary-github-2019-05-10.json"),
				alpaca: fixtureUrl("statuspage-summary-huobi-incident-and-maintenance-2020-02-11.json"),
				plaid: fixtureUrl("statuspage-status-cloudsmith-maintenance-2022-01-08.json"),
				heroku: fixtureUrl("heroku-status-v4-current-status.cli-test-shape.json"),
			},
		});
		await runCycle(cycleEnv);
		expect(await stateOf("cloudflare")).toBe("OPERATIONAL");
		expect(await stateOf("alpaca")).toBe("DEGRADED");
		expect(await stateOf("plaid")).toBe("MAINTENANCE");
		expect(await stateOf("heroku")).toBe("DOWN");
		expect((await auditFor("heroku")).map((row) => [row.new_state, row.source, row.actor])).toEqual([
			["DOWN", "3p_poller", "3p_poller"],
		]);
	});

	it("writes the runbook's log lines", async () => {
		const lines: string[] = [];
		vi.spyOn(console, "log").mockImplementation((line: unknown) => {
			lines.push(String(line));
		});
		const healthy = await healthyUrls();
		const failing = await scriptedUrl([down]);
		await runCycle(jobEnv({ ...healthy, partners: { ...healthy.partners, plaid: failing } }));
		expect(lines).toContain("partner_status_poller: polling 4 of 24 surfaces");
		expect(lines).toContain("partner_status_poller: cloudflare -> OPERATIONAL");
		expect(lines).toContain("partner_status_poller: status page returned HTTP 503: unavailable for plaid");
	});

	for (const [failure, response] of [
		["a timeout", { status: 200, body: JSON.stringify({ status: { indicator: "none" } }), delayMs: 1500 }],
		["a 5xx", { status: 502, body: "<html>Bad gateway</html>", contentType: "text/html" }],
		["a body that is not JSON", { status: 200, body: "<html>maintenance page</html>", contentType: "text/html" }],
		["JSON of the wrong shape", { status: 200, body: JSON.stringify({ hello: "world" }) }],
	] as const) {
		it(`counts ${failure} as a failure: one keeps the last state, three make it UNKNOWN, then it recovers`, async () => {
			const healthy = await healthyUrls();
			const degraded = ok({
				status: { indicator: "minor" },
				components: [{ id: "a", status: "degraded_performance" }],
			});
			const page = await scriptedUrl([degraded, response, response, response, degraded]);
			const cycleEnv = jobEnv({ ...healthy, partners: { ...healthy.partners, cloudflare: page } });
			const minute = (n: number) => new Date(Date.UTC(2026, 10, 26, 12, n));

			await runCycle(cycleEnv, minute(0));
			expect(await stateOf("cloudflare")).toBe("DEGRADED");
			const first = await runCycle(cycleEnv, minute(1));
			expect(first.find((line) => line.surfaceId === "cloudflare")).toMatchObject({
				saw: "FAILED",
				streak: 1,
				changed: false,
			});
			expect(await stateOf("cloudflare")).toBe("DEGRADED");
			await runCycle(cycleEnv, minute(2));
			expect(await stateOf("cloudflare")).toBe("DEGRADED");
			await runCycle(cycleEnv, minute(3));
			expect(await stateOf("cloudflare")).toBe("UNKNOWN");
			await runCycle(cycleEnv, minute(4));
			expect(await stateOf("cloudflare")).toBe("DEGRADED");
			expect((await auditFor("cloudflare")).map((row) => row.new_state)).toEqual(["DEGRADED", "UNKNOWN", "DEGRADED"]);
		});
	}

	it("takes the number of failures to UNKNOWN from the configuration", async () => {
		const healthy = await healthyUrls();
		const page = await scriptedUrl([ok({ status: { indicator: "none" } }), down]);
		const cycleEnv = jobEnv(
			{ ...healthy, partners: { ...healthy.partners, alpaca: page } },
			{ STATUS_POLL_FAILURES_TO_UNKNOWN: "1" },
		);
		await runCycle(cycleEnv);
		expect(await stateOf("alpaca")).toBe("OPERATIONAL");
		await runCycle(cycleEnv);
		expect(await stateOf("alpaca")).toBe("UNKNOWN");
	});

	it("fetches all partners concurrently", async () => {
		const slow = await scriptedUrl([{ ...ok({ status: { indicator: "none" } }), delayMs: 300 }]);
		const probeUp = await scriptedUrl([{ status: 200, body: "ok" }]);
		const cycleEnv = jobEnv({
			partners: {
				cloudflare: slow,
				alpaca: slow,
				plaid: slow,
				heroku: await scriptedUrl([{ ...ok({ status: [] }), delayMs: 300 }]),
			},
			probes: { "app-raxx-app": probeUp, "public-api": probeUp },
		});
		const started = Date.now();
		await runCycle(cycleEnv);
		// One after another would take at least 4 x 300 ms.
		expect(Date.now() - started).toBeLessThan(1100);
		expect(await stateOf("heroku")).toBe("OPERATIONAL");
	});

	it("writes a whole cycle's changes in one D1 batch", async () => {
		const healthy = await healthyUrls();
		const probe = countingD1(env.DB);
		const report = await runStatusJobs({ ...jobEnv(healthy), DB: probe.db }, new Date());
		expect(report.filter((line) => line.changed)).toHaveLength(4);
		// One read (expired maintenance and windows due, two selects in one batch), then one batch of writes.
		expect(probe.batches).toBe(2);
		// Plus the one read that finds expired maintenance windows.
		expect(probe.roundTrips).toBe(2);
	});

	it("logs a tracked component that is missing from the page and uses the whole page", async () => {
		const lines: string[] = [];
		vi.spyOn(console, "log").mockImplementation((line: unknown) => {
			lines.push(String(line));
		});
		const config = jobConfigFromEnv(jobEnv({}));
		const cloudflare = config.partners.find((partner) => partner.surface.id === "cloudflare");
		if (!cloudflare) throw new Error("no cloudflare partner");
		const tracked = {
			surface: { ...cloudflare.surface, poll: { ...cloudflare.surface.poll, componentIds: ["gone-component"] } },
			url: fixtureUrl("statuspage-summary-huobi-incident-and-maintenance-2020-02-11.json"),
		};
		const [result] = await pollPartners({ ...config, partners: [tracked] }, (request) => fetch(request));
		expect(result).toMatchObject({ ok: true, state: "DEGRADED" });
		expect(lines).toContain(
			"partner_status_poller: cloudflare: tracked component(s) gone-component missing from the page; using the whole page",
		);
	});

	it("uses STATUS_PARTNER_URLS over the registry's URLs, and ignores a malformed value", () => {
		const config = jobConfigFromEnv({ STATUS_PARTNER_URLS: '{"plaid":"https://example.test/plaid.json"}' });
		expect(config.partners.find((partner) => partner.surface.id === "plaid")?.url).toBe(
			"https://example.test/plaid.json",
		);
		expect(config.partners.find((partner) => partner.surface.id === "cloudflare")?.url).toBe(
			"https://www.cloudflarestatus.com/api/v2/summary.json",
		);
		const broken = jobConfigFromEnv({ STATUS_PARTNER_URLS: "{not json" });
		expect(broken.partners.map((partner) => partner.url)).toHaveLength(4);
	});

	it("is held like any automated writer: a manual hold keeps the state, and no audit row is written", async () => {
		await updateSurface({ surface_id: "heroku", state: "PARTIAL", state_source: "manual", actor: "ops" });
		const healthy = await healthyUrls();
		const report = await runCycle(jobEnv(healthy));
		expect(report.find((line) => line.surfaceId === "heroku")).toMatchObject({ heldBy: "manual_hold", changed: false });
		expect(await stateOf("heroku")).toBe("PARTIAL");
		expect(await auditFor("heroku")).toHaveLength(1);
	});
});
