import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_CHECK_BODY_BYTES } from "../../../src/jobs/http-check";
import type { Scripted } from "../support/jobs";
import { healthyUrls, jobEnv, ok, runCycle, scriptedUrl, up } from "../support/jobs";
import { clearTables } from "../support/tables";
import { PROTOTYPE_KEYS, REDIRECT_STATUSES } from "./corpus";

// What partner pages and probe targets say can be anything.

beforeEach(clearTables);
afterEach(() => {
	vi.restoreAllMocks();
});

/** Every word a partner page could put where a status word goes, in each format the poller reads. */
const pagesSaying = (word: string) => ({
	cloudflare: ok({ status: { indicator: word } }),
	alpaca: ok({ status: { indicator: "none" }, components: [{ id: "c1", status: word }] }),
	plaid: ok({ status: { indicator: "none" }, components: [], incidents: [{ status: "investigating", impact: word }] }),
	heroku: ok({ status: [{ system: "Apps", status: word }] }),
});

describe("partner pages whose words name Object.prototype members", () => {
	for (const word of PROTOTYPE_KEYS) {
		it(`"${word}": the cycle completes, every partner and probe is recorded, each page reads as an unknown word`, async () => {
			const healthy = await healthyUrls();
			const partners = Object.fromEntries(
				await Promise.all(Object.entries(pagesSaying(word)).map(async ([id, page]) => [id, await scriptedUrl([page])])),
			);
			const report = await runCycle(jobEnv({ ...healthy, partners }, { STATUS_PROBE_STREAK: "1" }));
			const lines = report.map((entry) => `${entry.job}:${entry.surfaceId}:${entry.stateAfter}`).sort();
			// An unknown word reads as DEGRADED: something is said, and it is not "operational".
			expect(lines).toEqual([
				"3p_poller:alpaca:DEGRADED",
				"3p_poller:cloudflare:DEGRADED",
				"3p_poller:heroku:DEGRADED",
				"3p_poller:plaid:DEGRADED",
				"prober:app-raxx-app:OPERATIONAL",
				"prober:public-api:OPERATIONAL",
			]);
		});
	}

	it("Instatus and status.io pages too (read through the same Map lookups)", async () => {
		const { readPartnerStatus } = await import("../../../src/integrations/partners");
		for (const word of PROTOTYPE_KEYS) {
			expect(
				readPartnerStatus("instatus", { page: { status: word }, activeIncidents: [{ impact: word }] }, []).state,
			).toBe("DEGRADED");
			expect(readPartnerStatus("statuspage", { status: { indicator: word } }, []).state).toBe("DEGRADED");
		}
	});
});

describe("outbound checks", () => {
	for (const status of REDIRECT_STATUSES) {
		it(`a ${status} is an observation, not success: the probe counts as down, the poll as failed`, async () => {
			const login = await scriptedUrl([up]);
			const redirect: Scripted = { status, body: "", contentType: "text/plain", location: login };
			const healthy = await healthyUrls();
			const probe = await scriptedUrl([redirect]);
			const partner = await scriptedUrl([
				{ ...redirect, location: await scriptedUrl([ok({ status: { indicator: "none" } })]) },
			]);
			const report = await runCycle(
				jobEnv(
					{
						partners: { ...healthy.partners, cloudflare: partner },
						probes: { ...healthy.probes, "app-raxx-app": probe },
					},
					{ STATUS_PROBE_STREAK: "1" },
				),
			);
			const byId = new Map(report.map((entry) => [entry.surfaceId, entry]));
			expect(byId.get("app-raxx-app")).toMatchObject({ saw: "DOWN", stateAfter: "DOWN" });
			expect(byId.get("app-raxx-app")?.detail).toContain(`HTTP ${status}`);
			expect(byId.get("cloudflare")).toMatchObject({ saw: "FAILED" });
			expect(byId.get("cloudflare")?.detail).toContain(`HTTP ${status}`);
		});
	}

	it("reads at most 1 MiB of a body: a larger page is a failed poll, a larger probe answer is down", async () => {
		const huge: Scripted = {
			status: 200,
			body: JSON.stringify({ status: { indicator: "none" } }),
			padBytes: 2 * MAX_CHECK_BODY_BYTES,
		};
		const healthy = await healthyUrls();
		const report = await runCycle(
			jobEnv(
				{
					partners: { ...healthy.partners, plaid: await scriptedUrl([huge]) },
					probes: { ...healthy.probes, "public-api": await scriptedUrl([huge]) },
				},
				{ STATUS_PROBE_STREAK: "1", STATUS_CHECK_TIMEOUT_MS: "3000" },
			),
		);
		const byId = new Map(report.map((entry) => [entry.surfaceId, entry]));
		expect(byId.get("plaid")).toMatchObject({ saw: "FAILED" });
		expect(byId.get("plaid")?.detail).toContain(`larger than ${MAX_CHECK_BODY_BYTES} bytes`);
		expect(byId.get("public-api")).toMatchObject({ saw: "DOWN" });
		expect(byId.get("cloudflare")).toMatchObject({ saw: "OPERATIONAL" });
	});

	it("keeps URLs' query strings out of logs and details", async () => {
		const lines: string[] = [];
		for (const method of ["log", "warn", "error"] as const) {
			vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
				lines.push(args.map(String).join(" "));
			});
		}
		const healthy = await healthyUrls();
		const secretUrl = "ftp://127.0.0.1/status.json?token=hunter2-secret#frag";
		const slow = `${await scriptedUrl([{ ...ok({}), delayMs: 1500 }])}?api_key=hunter2-secret`;
		const redirect = await scriptedUrl([{ status: 302, body: `moved to ${secretUrl}`, contentType: "text/plain" }]);
		const report = await runCycle(
			jobEnv({
				partners: { ...healthy.partners, cloudflare: secretUrl, alpaca: slow, plaid: redirect },
				probes: { ...healthy.probes, "public-api": secretUrl },
			}),
		);
		const text = `${JSON.stringify(report)}\n${lines.join("\n")}`;
		expect(report.filter((entry) => entry.saw === "FAILED" || entry.saw === "DOWN").length).toBeGreaterThanOrEqual(3);
		expect(text).not.toContain("hunter2-secret");
	});
});
