import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { PublicSurfacesAnswer } from "../../src/http/surfaces/schemas";
import { PUBLIC_PATHS } from "../../src/paths";
import { SURFACES } from "../../src/surfaces/registry";
import { countingD1 } from "./support/counting-d1";
import { BASE_URL, call, updateSurface } from "./support/http";
import { clearTables } from "./support/tables";

beforeEach(clearTables);

async function board(): Promise<PublicSurfacesAnswer> {
	const response = await call(PUBLIC_PATHS.surfaces);
	expect(response.status).toBe(200);
	return response.json<PublicSurfacesAnswer>();
}

const setState = (surfaceId: string, state: string, extra: Record<string, unknown> = {}) =>
	updateSurface({ surface_id: surfaceId, state, state_source: "manual", actor: "ops", ...extra });

describe("GET /api/status/public/surfaces", () => {
	it("lists every registered surface in registry order, UNKNOWN where no row exists", async () => {
		await setState("cloudflare", "DEGRADED", { public_note: "Elevated errors in Frankfurt" });
		const { surfaces, overall } = await board();
		expect(surfaces.map((surface) => surface.id)).toEqual(SURFACES.map((surface) => surface.id));
		expect(surfaces.find((surface) => surface.id === "app-raxx-app")).toEqual({
			id: "app-raxx-app",
			name: "Web app (app.raxx.app)",
			group: "Apps",
			kind: "first-party",
			state: "UNKNOWN",
			state_since: null,
			ticket_pending: false,
			public_note: null,
			maintenance_until: null,
			updated_at: null,
		});
		expect(surfaces.find((surface) => surface.id === "cloudflare")).toMatchObject({
			kind: "partner",
			state: "DEGRADED",
			public_note: "Elevated errors in Frankfurt",
		});
		expect(overall).toEqual({ state: "DEGRADED", description: "Degraded System Service" });
	});

	it("never carries ticket ids, actors, sources, tokens or probe internals", async () => {
		await updateSurface({
			surface_id: "login",
			state: "DOWN",
			state_source: "manual",
			actor: "operator-7731",
			ticket_pending: true,
			public_note: "Login failing",
		});
		const response = await call(PUBLIC_PATHS.surfaces);
		const text = await response.clone().text();
		expect(text).not.toContain("operator-7731");
		expect(text).not.toContain("test-internal-token");
		const { surfaces } = await response.json<PublicSurfacesAnswer>();
		for (const surface of surfaces) {
			expect(Object.keys(surface).sort()).toEqual(
				[
					"group",
					"id",
					"kind",
					"maintenance_until",
					"name",
					"public_note",
					"state",
					"state_since",
					"ticket_pending",
					"updated_at",
				].sort(),
			);
		}
	});

	it("is readable cross-origin, for GET, HEAD and a preflight", async () => {
		const get = await call(PUBLIC_PATHS.surfaces, { headers: { Origin: "https://status.raxx.app" } });
		expect(get.headers.get("Access-Control-Allow-Origin")).toBe("*");
		await get.body?.cancel();
		const head = await call(PUBLIC_PATHS.surfaces, { method: "HEAD" });
		expect(head.status).toBe(200);
		expect(await head.text()).toBe("");
		const preflight = await call(PUBLIC_PATHS.surfaces, {
			method: "OPTIONS",
			headers: { Origin: "https://example.com", "Access-Control-Request-Method": "GET" },
		});
		expect(preflight.status).toBe(204);
		expect(preflight.headers.get("Access-Control-Allow-Methods")).toBe("GET,HEAD,OPTIONS");
	});

	it("costs exactly one D1 round trip", async () => {
		await setState("deposits", "PARTIAL");
		const probe = countingD1(env.DB);
		const response = await createApp().fetch(
			new Request(`${BASE_URL}${PUBLIC_PATHS.surfaces}`),
			{ ...env, DB: probe.db },
			createExecutionContext(),
		);
		expect(response.status).toBe(200);
		expect((await response.json<PublicSurfacesAnswer>()).overall.state).toBe("PARTIAL");
		expect(probe.roundTrips).toBe(1);
	});
});

describe("overall status", () => {
	// [states written, expected overall]; every other surface stays UNKNOWN (no row).
	const TRUTH_TABLE: [Record<string, string>, string][] = [
		[{}, "UNKNOWN"],
		[{ login: "UNKNOWN", charts: "UNKNOWN" }, "UNKNOWN"],
		[{ login: "OPERATIONAL" }, "OPERATIONAL"],
		[{ login: "OPERATIONAL", charts: "UNKNOWN" }, "OPERATIONAL"],
		[{ login: "OPERATIONAL", charts: "MAINTENANCE" }, "MAINTENANCE"],
		[{ login: "MAINTENANCE", charts: "DEGRADED" }, "DEGRADED"],
		[{ login: "DEGRADED", charts: "PARTIAL", deposits: "OPERATIONAL" }, "PARTIAL"],
		[{ login: "PARTIAL", charts: "DOWN", deposits: "MAINTENANCE" }, "DOWN"],
		[{ login: "DOWN", charts: "UNKNOWN" }, "DOWN"],
	];
	for (const [states, expected] of TRUTH_TABLE) {
		it(`${JSON.stringify(states)} -> ${expected}`, async () => {
			for (const [surfaceId, state] of Object.entries(states)) {
				expect((await setState(surfaceId, state)).status).toBe(200);
			}
			expect((await board()).overall.state).toBe(expected);
		});
	}
});
