import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { HealthAnswer } from "../../src/http/signals/schemas";
import worker from "../../src/index";
import { PUBLIC_PATHS, surfacePath } from "../../src/paths";
import { invalidatePublicReads } from "../../src/public-cache/invalidate";
import { forgetIsolateCopies } from "../../src/public-cache/isolate-copies";
import { countingD1 } from "./support/counting-d1";
import { BASE_URL, call, expectProblem, updateSurface } from "./support/http";
import { clearTables, readTables } from "./support/tables";

// Badges, shields.io's endpoint and a health answer, from the surfaces read.

beforeEach(clearTables);

const set = (surface_id: string, state: string) =>
	updateSurface({ surface_id, state, state_source: "manual", actor: "ops" });

async function get(path: string, headers: HeadersInit = {}) {
	forgetIsolateCopies();
	return call(path, { headers });
}

describe("GET /api/status/public/health", () => {
	it("is 200 `unknown` while no surface's state is known (a fresh install), and `ok` once one is", async () => {
		const fresh = await get(PUBLIC_PATHS.health);
		expect(fresh.status).toBe(200);
		expect(await fresh.json<HealthAnswer>()).toMatchObject({ status: "unknown", down: [] });
		await set("login", "OPERATIONAL");
		expect(await (await get(PUBLIC_PATHS.health)).json<HealthAnswer>()).toMatchObject({ status: "ok" });
	});

	it("is 200 while no surface is down, 503 with the list when one is, and says so at once", async () => {
		await set("login", "DEGRADED");
		const fine = await get(PUBLIC_PATHS.health);
		expect(fine.status).toBe(200);
		expect(fine.headers.get("Cache-Control")).toBe("no-cache");
		expect(await fine.json<HealthAnswer>()).toMatchObject({ status: "ok", down: [] });

		await set("charts", "DOWN");
		const down = await get(PUBLIC_PATHS.health);
		expect(down.status).toBe(503);
		expect(down.headers.get("Content-Type")).toBe("application/json");
		expect(await down.json<HealthAnswer>()).toMatchObject({
			status: "down",
			down: [{ id: "charts", name: expect.any(String) }],
		});
	});

	it("answers 304 to its ETag until the data changes", async () => {
		const first = await get(PUBLIC_PATHS.health);
		const etag = first.headers.get("ETag") ?? "";
		expect(etag).toMatch(/^"health-\d+"$/);
		expect((await get(PUBLIC_PATHS.health, { "If-None-Match": etag })).status).toBe(304);
		await set("login", "OPERATIONAL");
		expect((await get(PUBLIC_PATHS.health, { "If-None-Match": etag })).status).toBe(200);
	});
});

describe("badges", () => {
	it("draws the page's overall status as a flat SVG badge with a title, under an SVG CSP", async () => {
		await set("login", "PARTIAL");
		const response = await get(PUBLIC_PATHS.badge);
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Type")).toBe("image/svg+xml");
		expect(response.headers.get("Content-Security-Policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
		expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
		const svg = await response.text();
		expect(svg).toMatch(
			/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img" aria-label="status: Partial System Outage">/,
		);
		expect(svg).toContain("<title>status: Partial System Outage</title>");
		expect(svg).toContain('fill="#fe7d37"');
		expect(svg).not.toMatch(/<script|on\w+=|href=/i);
		expect(svg.endsWith("</svg>")).toBe(true);
	});

	it("draws one surface's state, by id; an unknown id is 404 and a malformed one 400, writing nothing", async () => {
		await set("charts", "DOWN");
		const svg = await (await get(surfacePath(PUBLIC_PATHS.surfaceBadge, "charts"))).text();
		expect(svg).toContain("major outage");
		expect(svg).toContain('fill="#e05d44"');
		const before = await readTables();
		await expectProblem(await get(surfacePath(PUBLIC_PATHS.surfaceBadge, "nope")), 404, "not_found");
		// Object.prototype's words name no surface: the registry is a Map.
		for (const word of ["toString", "__proto__", "constructor", "hasOwnProperty"]) {
			await expectProblem(await get(surfacePath(PUBLIC_PATHS.surfaceBadge, word)), 404, "not_found");
			await expectProblem(await get(surfacePath(PUBLIC_PATHS.surfaceShields, word)), 404, "not_found");
		}
		await expectProblem(await get(surfacePath(PUBLIC_PATHS.surfaceBadge, "%3Cscript%3E")), 400, "validation_failed");
		expect(await readTables()).toEqual(before);
	});

	it("gives shields.io its endpoint format", async () => {
		await set("login", "MAINTENANCE");
		const response = await get(surfacePath(PUBLIC_PATHS.surfaceShields, "login"));
		expect(response.headers.get("Content-Type")).toBe("application/json");
		expect(await response.json()).toEqual({
			schemaVersion: 1,
			label: "Login and sign-up",
			message: "under maintenance",
			color: "blue",
		});
		await expectProblem(await get(surfacePath(PUBLIC_PATHS.surfaceShields, "nope")), 404, "not_found");
	});

	it("gives shields.io the page's overall status, in the overall words, with its ETag", async () => {
		const fresh = await get(PUBLIC_PATHS.shields);
		expect(await fresh.json()).toEqual({
			schemaVersion: 1,
			label: "status",
			message: "Status Unknown",
			color: "lightgrey",
		});
		await set("login", "DEGRADED");
		const response = await get(PUBLIC_PATHS.shields);
		expect(response.headers.get("Content-Type")).toBe("application/json");
		expect(response.headers.get("ETag")).toMatch(/^"shields-page-\d+"$/);
		expect(await response.json()).toEqual({
			schemaVersion: 1,
			label: "status",
			message: "Degraded System Service",
			color: "yellow",
		});
	});
});

describe("D1 round trips of the derived answers", () => {
	it("none while the surfaces read is cached, one batch when it is not", async () => {
		await set("login", "OPERATIONAL");
		await invalidatePublicReads(env);
		const probe = countingD1(env.DB);
		const send = async (path: string) => {
			const ctx = createExecutionContext();
			const response = await worker.fetch(
				new Request(`${BASE_URL}${path}`) as Request<unknown, IncomingRequestCfProperties>,
				{ ...env, DB: probe.db },
				ctx,
			);
			await response.arrayBuffer();
			await waitOnExecutionContext(ctx);
			return response.status;
		};
		expect(await send(PUBLIC_PATHS.badge)).toBe(200);
		expect([probe.sessionRoundTrips, probe.batches]).toEqual([1, 1]);
		for (const path of [
			PUBLIC_PATHS.health,
			PUBLIC_PATHS.shields,
			surfacePath(PUBLIC_PATHS.surfaceBadge, "login"),
			surfacePath(PUBLIC_PATHS.surfaceShields, "login"),
		]) {
			forgetIsolateCopies();
			expect(await send(path)).toBe(200);
		}
		expect([probe.sessionRoundTrips, probe.batches]).toEqual([1, 1]);
	});
});

describe("the health answer's cache policy: its status code is the payload", () => {
	const neverStale = (response: Response) => {
		expect(response.headers.get("Cache-Control")).toBe("no-cache");
		expect(response.headers.get("Cache-Control")).not.toMatch(/stale-|max-age/);
	};

	it("tells every cache to revalidate, never to serve stale, for the 200, the 503 and the 304 alike", async () => {
		const fine = await get(PUBLIC_PATHS.health);
		expect(fine.status).toBe(200);
		neverStale(fine);
		const etag = fine.headers.get("ETag") ?? "";
		const unchanged = await get(PUBLIC_PATHS.health, { "If-None-Match": etag });
		expect(unchanged.status).toBe(304);
		neverStale(unchanged);

		await set("charts", "DOWN");
		const down = await get(PUBLIC_PATHS.health);
		expect(down.status).toBe(503);
		neverStale(down);
		// A precondition applies to a 2xx only: no conditional request turns the 503 into a 304.
		for (const tag of ["*", down.headers.get("ETag") ?? "", etag]) {
			expect((await get(PUBLIC_PATHS.health, { "If-None-Match": tag })).status, tag).toBe(503);
		}
		// The isolate's copy, served before routing, carries the same policy.
		await set("charts", "OPERATIONAL");
		forgetIsolateCopies();
		await call(PUBLIC_PATHS.health);
		const remembered = await call(PUBLIC_PATHS.health);
		expect(remembered.status).toBe(200);
		neverStale(remembered);
	});
});
