import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { answerBeforeRouting } from "../../../src/http/cache/before-routing";
import { rememberedAnswer } from "../../../src/http/cache/isolate-layer";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import worker from "../../../src/index";
import { INTERNAL_PATHS, PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import {
	freshCopy,
	ISOLATE_CACHE_MS,
	type IsolateCopy,
	keepCopy,
	MAX_ISOLATE_COPIES,
} from "../../../src/public-cache/isolate-copies";
import { countingD1 } from "../support/counting-d1";
import { BASE_URL, CURRENT_TOKEN } from "../support/http";
import { clearTables } from "../support/tables";

beforeEach(clearTables);

function entryPoint() {
	const probe = countingD1(env.DB);
	const send = async (path: string, init?: RequestInit) => {
		const ctx = createExecutionContext();
		const request = new Request(`${BASE_URL}${path}`, init) as Request<unknown, IncomingRequestCfProperties>;
		const response = await worker.fetch(request, { ...env, DB: probe.db }, ctx);
		await waitOnExecutionContext(ctx);
		return response;
	};
	return { probe, send };
}

describe("the isolate's one-second layer in front of the public reads", () => {
	it("answers repeated reads from memory, with the app's own headers, and 304 for its ETag", async () => {
		const { probe, send } = entryPoint();
		const first = await send(PUBLIC_PATHS.surfaces);
		const body = await first.text();
		const headers = Object.fromEntries(first.headers);
		const before = probe.roundTrips;
		const again = await send(PUBLIC_PATHS.surfaces);
		expect(await again.text()).toBe(body);
		expect(Object.fromEntries(again.headers)).toEqual(headers);
		const notModified = await send(PUBLIC_PATHS.surfaces, { headers: { "If-None-Match": headers.etag ?? "" } });
		expect(notModified.status).toBe(304);
		expect(await notModified.text()).toBe("");
		expect(probe.roundTrips).toBe(before);
		expect(headers["access-control-allow-origin"]).toBe("*");
		expect(headers["x-content-type-options"]).toBe("nosniff");
	});

	it("is cleared by a write in this isolate, so the next read shows the change", async () => {
		const { send } = entryPoint();
		const state = async () =>
			(await (await send(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>()).surfaces.find(
				(surface) => surface.id === "charts",
			)?.state;
		expect(await state()).toBe("UNKNOWN");
		const write = await send(INTERNAL_PATHS.updateSurface, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
			body: JSON.stringify({ surface_id: "charts", state: "PARTIAL", state_source: "manual", actor: "ops" }),
		});
		expect(write.status).toBe(200);
		expect(await state()).toBe("PARTIAL");
	});

	it("keeps an answer for one second only, and never for other paths, methods or errors", async () => {
		const { send } = entryPoint();
		await (await send(PUBLIC_PATHS.incidents)).text();
		const read = new Request(`${BASE_URL}${PUBLIC_PATHS.incidents}`);
		expect(answerBeforeRouting(read, env)).not.toBeNull();
		expect(answerBeforeRouting(read, env, Date.now() + ISOLATE_CACHE_MS + 1)).toBeNull();
		expect(
			answerBeforeRouting(new Request(`${BASE_URL}${PUBLIC_PATHS.incidents}`, { method: "POST" }), env),
		).toBeNull();
		expect(answerBeforeRouting(read, { ...env, PUBLIC_CACHE_SECONDS: "0" })).toBeNull();
		for (const path of [`${PUBLIC_PATHS.marketCalendar}?start=2026-12-01&end=2026-12-31`, "/nowhere"]) {
			await (await send(path)).text();
			expect(rememberedAnswer(path.split("?")[0] ?? path, false, new Headers(), env)).toBeNull();
		}
	});

	it("keeps the HTML page too, with its own CSP, so a page at its peak costs neither the router nor D1", async () => {
		const { probe, send } = entryPoint();
		const first = await send(PAGE_PATHS.home);
		const body = await first.text();
		const headers = Object.fromEntries(first.headers);
		expect(headers["content-security-policy"]).toMatch(/^default-src 'none'; style-src 'self'/);
		const before = probe.roundTrips;
		const copy = answerBeforeRouting(new Request(`${BASE_URL}${PAGE_PATHS.home}`), env);
		expect(copy).not.toBeNull();
		expect(await copy?.text()).toBe(body);
		expect(Object.fromEntries(copy?.headers ?? [])).toEqual(headers);
		const again = await send(PAGE_PATHS.home);
		expect(await again.text()).toBe(body);
		expect(probe.roundTrips).toBe(before);
		// An unknown incident's page is an error, never kept.
		expect((await send("/incidents/inc_99999")).status).toBe(404);
		expect(answerBeforeRouting(new Request(`${BASE_URL}/incidents/inc_99999`), env)).toBeNull();
	});
});

describe("the isolate's copies of variants: one key per answer, evicted one at a time", () => {
	it("keeps the uptime history under its one spelling, and leaves a query only the route can judge to it", async () => {
		const { probe, send } = entryPoint();
		const first = await send(`${PUBLIC_PATHS.uptime}?surface=login&days=30`);
		expect(first.status).toBe(200);
		const body = await first.text();
		const before = probe.roundTrips;
		for (const spelling of [
			"?days=30&surface=login",
			"?days=%33%30&surface=log%69n",
			"?surface=login&days=30&",
			"?_=123&d%61ys=30&surface=login",
		]) {
			const copy = answerBeforeRouting(new Request(`${BASE_URL}${PUBLIC_PATHS.uptime}${spelling}`), env);
			expect(await copy?.text(), spelling).toBe(body);
			expect(await (await send(`${PUBLIC_PATHS.uptime}${spelling}`)).text()).toBe(body);
		}
		expect(probe.roundTrips).toBe(before);
		for (const spelling of ["?days=030&surface=login", "?days=30&days=30&surface=login"]) {
			expect(
				answerBeforeRouting(new Request(`${BASE_URL}${PUBLIC_PATHS.uptime}${spelling}`), env),
				spelling,
			).toBeNull();
		}
		expect((await send(`${PUBLIC_PATHS.uptime}?days=030&surface=login`)).status).toBe(400);
		// No query and an empty one are the default variant, 90 days of every surface.
		const all = await (await send(PUBLIC_PATHS.uptime)).text();
		expect(await answerBeforeRouting(new Request(`${BASE_URL}${PUBLIC_PATHS.uptime}?days=90`), env)?.text()).toBe(all);
	});

	it("evicts the least recently used copy when full, never all of them", () => {
		const copy = (): IsolateCopy => ({
			expires: Date.now() + 60_000,
			etag: '"x"',
			headers: new Headers(),
			notModifiedHeaders: new Headers(),
			body: new Uint8Array(),
		});
		for (let index = 0; index < MAX_ISOLATE_COPIES; index += 1) keepCopy(`/k${index}`, copy());
		expect(freshCopy("/k0", Date.now())).not.toBeNull();
		keepCopy("/new", copy());
		expect(freshCopy("/k1", Date.now())).toBeNull();
		for (const key of ["/k0", "/new", "/k2", `/k${MAX_ISOLATE_COPIES - 1}`]) {
			expect(freshCopy(key, Date.now()), key).not.toBeNull();
		}
	});

	it("keeps the copy of a page read often while a client cycles through more variants than are kept", () => {
		const now = Date.now();
		const copy = (): IsolateCopy => ({
			expires: now + 60_000,
			etag: '"x"',
			headers: new Headers(),
			notModifiedHeaders: new Headers(),
			body: new Uint8Array(),
		});
		keepCopy(PAGE_PATHS.home, copy());
		for (let days = 1; days <= 2 * MAX_ISOLATE_COPIES; days += 1) {
			keepCopy(`${PUBLIC_PATHS.uptime}?days=${days}`, copy());
			if (days % 8 === 0) expect(freshCopy(PAGE_PATHS.home, now), `after ${days} variants`).not.toBeNull();
		}
	});
});
