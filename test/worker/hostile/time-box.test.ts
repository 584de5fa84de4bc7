import { beforeAll, describe, expect, it } from "vitest";
import { OPENAPI_PATH } from "../../../src/app";
import { MAX_WINDOW_MS } from "../../../src/domain/maintenance-window";
import { INTERNAL_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { nativeBody, sendNative } from "../support/freescout";
import { CURRENT_TOKEN, call, updateSurface } from "../support/http";
import { healthyUrls, jobEnv, ok, runCycle, scriptedUrl } from "../support/jobs";
import { clearTables } from "../support/tables";

// Every route's worst legal input answers within a generous bound, so the next
// unbounded loop is caught here and not by an outage. Wall time, measured across the request.
const BOUND_MS = 250;

async function timed(what: string, request: () => Promise<Response>): Promise<number> {
	const started = performance.now();
	const response = await request();
	await response.arrayBuffer();
	const elapsed = performance.now() - started;
	expect(response.status, what).toBeLessThan(300);
	return elapsed;
}

beforeAll(async () => {
	await clearTables();
	await call(INTERNAL_PATHS.seedSurfaces, { method: "POST", headers: { "X-Internal-Status-Token": CURRENT_TOKEN } });
	// A month of incidents on the page: the public incidents' worst ordinary day.
	for (let ticket = 0; ticket < 60; ticket += 1) {
		const at = new Date(Date.now() - ticket * 12 * 3_600_000).toISOString();
		await sendNative(
			"convo.created",
			nativeBody({
				id: 9000 + ticket,
				status: ticket % 3 ? "closed" : "active",
				createdAt: at,
				updatedAt: at,
				component: "charts",
				note: "📉".repeat(280),
			}),
		);
	}
});

/** The largest body FreeScout may post (under the 512 KiB cap): every custom field full, long threads. */
function largestNativeDelivery(): string {
	const base = JSON.parse(
		nativeBody({
			id: 9999,
			status: "active",
			createdAt: "2026-11-26T08:00:00Z",
			updatedAt: "2026-11-26T09:00:00Z",
			component: "charts",
			severity: "partial",
			note: "📉".repeat(280),
		}),
	) as Record<string, unknown> & { customFields: unknown[] };
	const filler = Array.from({ length: 97 }, (_, index) => ({
		id: 100 + index,
		name: `Field ${index}`,
		value: "x".repeat(2000),
		text: "",
	}));
	const body = {
		...base,
		customFields: [...base.customFields, ...filler],
		threads: [{ id: 1, body: "y".repeat(280_000) }],
	};
	return JSON.stringify(body);
}

describe(`every route's worst legal input answers within ${BOUND_MS} ms`, () => {
	const cases: [string, () => Promise<Response>][] = [
		["public surfaces", () => call(PUBLIC_PATHS.surfaces)],
		["public incidents", () => call(PUBLIC_PATHS.incidents)],
		[
			"market clock at the last supported instant",
			() => call(`${PUBLIC_PATHS.marketTime}?at=2099-12-31T23:59:59.999Z`),
		],
		["market clock at the first", () => call(`${PUBLIC_PATHS.marketTime}?at=2000-01-01T00:00:00Z`)],
		[
			"market calendar, 366 days at the end of the range",
			() => call(`${PUBLIC_PATHS.marketCalendar}?start=2098-12-31&end=2099-12-31`),
		],
		["the OpenAPI document", () => call(OPENAPI_PATH)],
		[
			"update-surface, the longest note and the longest maintenance",
			() =>
				updateSurface({
					surface_id: "charts",
					state: "MAINTENANCE",
					state_source: "manual",
					actor: "a".repeat(64),
					public_note: "📉".repeat(280),
					maintenance_until: new Date(Date.now() + MAX_WINDOW_MS - 60_000).toISOString(),
				}),
		],
		[
			"seed-surfaces",
			() =>
				call(INTERNAL_PATHS.seedSurfaces, { method: "POST", headers: { "X-Internal-Status-Token": CURRENT_TOKEN } }),
		],
		["the FreeScout webhook, the largest delivery", () => sendNative("convo.status", largestNativeDelivery())],
	];
	for (const [what, request] of cases) {
		it(what, async () => {
			await (await request()).arrayBuffer(); // the first call of a route pays for loading the router
			expect(await timed(what, request)).toBeLessThan(BOUND_MS);
		});
	}

	it("a job cycle with every partner and probe answering", async () => {
		const cycleEnv = jobEnv(await healthyUrls());
		await runCycle(cycleEnv);
		const started = performance.now();
		await runCycle(cycleEnv);
		expect(performance.now() - started).toBeLessThan(BOUND_MS);
	});

	it("the clock these bounds are read on moves with real time (a 300 ms partner page measures at least that)", async () => {
		const slow = await scriptedUrl([{ ...ok({ status: { indicator: "none" } }), delayMs: 300 }]);
		const healthy = await healthyUrls();
		const started = performance.now();
		await runCycle(
			jobEnv({ ...healthy, partners: { ...healthy.partners, plaid: slow } }, { STATUS_CHECK_TIMEOUT_MS: "2000" }),
		);
		expect(performance.now() - started).toBeGreaterThanOrEqual(290);
	});
});
