import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { readBeforeRouting } from "../../../src/http/cache/before-routing";
import worker from "../../../src/index";
import { INTERNAL_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { CACHED_PUBLIC_PATHS } from "../../../src/public-cache/settings";
import { countingD1 } from "../support/counting-d1";
import { BASE_URL, updateSurface } from "../support/http";
import { clearTables } from "../support/tables";

beforeEach(async () => {
	await clearTables();
	await updateSurface({
		surface_id: "login",
		state: "DEGRADED",
		state_source: "manual",
		actor: "ops",
		public_note: "x",
	});
});

interface Answer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

async function answerOf(response: Response | Promise<Response> | null): Promise<Answer> {
	if (response === null) throw new Error("expected an answer before routing");
	const settled = await response;
	return { status: settled.status, headers: Object.fromEntries(settled.headers), body: await settled.text() };
}

/** The same request to the fast path and to the router, each over its own counting D1. */
async function both(path: string, init: RequestInit = {}, cacheSeconds = "15") {
	const fast = countingD1(env.DB);
	const routed = countingD1(env.DB);
	const request = () => new Request(`${BASE_URL}${path}`, init);
	const fastCtx = createExecutionContext();
	const early = await answerOf(
		readBeforeRouting(request(), { ...env, DB: fast.db, PUBLIC_CACHE_SECONDS: cacheSeconds }, fastCtx),
	);
	await waitOnExecutionContext(fastCtx);
	forgetIsolateCopies();
	const routedCtx = createExecutionContext();
	const viaRouter = await answerOf(
		createApp().fetch(request(), { ...env, DB: routed.db, PUBLIC_CACHE_SECONDS: cacheSeconds }, routedCtx),
	);
	await waitOnExecutionContext(routedCtx);
	return { early, viaRouter, fast, routed };
}

describe("the cached public reads served before routing", () => {
	for (const path of CACHED_PUBLIC_PATHS) {
		it(`${path}: the router's answer exactly (status, headers, body), from one D1 round trip on a miss`, async () => {
			const { early, viaRouter, fast, routed } = await both(path, {}, "0");
			expect(early).toEqual({ ...viaRouter, body: early.body });
			// generated_at differs by the milliseconds between the two reads, and nothing else does.
			const withoutClock = (body: string) => body.replace(/"generated_at":"[^"]+"/, "");
			expect(withoutClock(early.body)).toBe(withoutClock(viaRouter.body));
			expect(early.headers["access-control-allow-origin"]).toBe("*");
			expect(early.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
			expect([fast.roundTrips, routed.roundTrips]).toEqual([1, 1]);
		});

		it(`${path}: the same 304 and the same HEAD answer, from the Cache API`, async () => {
			const first = await both(path);
			const etag = first.early.headers.etag ?? "";
			expect(etag).toMatch(/^"[a-z]+-\d+"$/);
			const notModified = await both(path, { headers: { "If-None-Match": etag } });
			expect(notModified.early).toEqual(notModified.viaRouter);
			expect(notModified.early.status).toBe(304);
			const head = await both(path, { method: "HEAD" });
			expect(head.early).toEqual(head.viaRouter);
			expect(head.early.body).toBe("");
			expect([notModified.fast.roundTrips, head.fast.roundTrips]).toEqual([0, 0]);
		});

		it(`${path}: a D1 failure is the router's 503 problem, with Retry-After and the public headers`, async () => {
			const failing = countingD1(env.DB);
			failing.failEveryQuery = true;
			const routedFailing = countingD1(env.DB);
			routedFailing.failEveryQuery = true;
			const uncached = { ...env, PUBLIC_CACHE_SECONDS: "0" };
			const early = await answerOf(
				readBeforeRouting(new Request(`${BASE_URL}${path}`), { ...uncached, DB: failing.db }, createExecutionContext()),
			);
			const viaRouter = await answerOf(
				createApp().fetch(
					new Request(`${BASE_URL}${path}`),
					{ ...uncached, DB: routedFailing.db },
					createExecutionContext(),
				),
			);
			expect(early).toEqual(viaRouter);
			expect(early.status).toBe(503);
			expect(early.headers["retry-after"]).toBe("5");
			expect(early.headers["content-type"]).toBe("application/problem+json");
		});
	}

	it("leaves every other request to the router: other paths, methods, and spellings", () => {
		const ctx = createExecutionContext();
		for (const [method, path] of [
			["POST", PUBLIC_PATHS.surfaces],
			["OPTIONS", PUBLIC_PATHS.incidents],
			["GET", `${PUBLIC_PATHS.surfaces}/`],
			["GET", PUBLIC_PATHS.marketCalendar],
			["GET", INTERNAL_PATHS.updateSurface],
		] as const) {
			expect(
				readBeforeRouting(new Request(`${BASE_URL}${path}`, { method }), env, ctx),
				`${method} ${path}`,
			).toBeNull();
		}
	});

	it("through the Worker's entry point: one D1 round trip for the answer, then the isolate's copy", async () => {
		forgetIsolateCopies();
		const probe = countingD1(env.DB);
		const send = async () => {
			const ctx = createExecutionContext();
			const response = await worker.fetch(
				new Request(`${BASE_URL}${PUBLIC_PATHS.surfaces}`) as Request<unknown, IncomingRequestCfProperties>,
				{ ...env, DB: probe.db },
				ctx,
			);
			await waitOnExecutionContext(ctx);
			return response.text();
		};
		const first = await send();
		expect(first).toContain('"public_note":"x"');
		expect(await send()).toBe(first);
		// The read through a session, and the version check after the answer on the primary.
		expect([probe.sessionRoundTrips, probe.roundTrips]).toEqual([1, 2]);
	});
});
