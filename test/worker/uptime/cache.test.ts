import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import type { UptimeAnswer } from "../../../src/http/uptime/schemas";
import { PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { countingD1 } from "../support/counting-d1";
import { call, updateSurface } from "../support/http";
import { racingD1 } from "../support/racing-d1";
import { clearTables } from "../support/tables";
import { callInZone, fetchUptime } from "./support";

// The history is cached per query like the other public reads - strong ETag, 304s,
// the Workers Cache API - and a write still shows at once.

beforeEach(clearTables);

const write = (state: string) => updateSurface({ surface_id: "login", state, state_source: "manual", actor: "ops" });
const loginToday = (answer: UptimeAnswer) => answer.surfaces.find((surface) => surface.id === "login")?.days.at(-1);

async function read(query: string, headers: HeadersInit = {}) {
	forgetIsolateCopies();
	return call(`${PUBLIC_PATHS.uptime}${query}`, { headers });
}

describe("the uptime history's caching", () => {
	it("answers 304 to its ETag, and a new ETag and the new state right after a write", async () => {
		await write("DEGRADED");
		const first = await read("?days=7");
		const etag = first.headers.get("ETag") ?? "";
		expect(etag).toMatch(/^"uptime-7-all-UTC-\d+-\d+-[0-9a-f]{8}"$/);
		expect(first.headers.get("Cache-Control")).toMatch(/^public, max-age=\d+/);
		expect(loginToday(await first.json<UptimeAnswer>())?.worst).toBe("DEGRADED");

		const again = await read("?days=7", { "If-None-Match": etag });
		expect(again.status).toBe(304);
		expect(again.headers.get("ETag")).toBe(etag);

		await write("DOWN");
		const after = await read("?days=7", { "If-None-Match": etag });
		expect(after.status).toBe(200);
		expect(after.headers.get("ETag")).not.toBe(etag);
		expect(loginToday(await after.json<UptimeAnswer>())?.worst).toBe("DOWN");
	});

	it("keeps each query apart: days and surface make different answers, each cached", async () => {
		await write("PARTIAL");
		const week = await (await read("?days=7")).json<UptimeAnswer>();
		const one = await (await read("?days=1&surface=login")).json<UptimeAnswer>();
		expect(week.surfaces[0]?.days).toHaveLength(7);
		expect(one.surfaces.map((surface) => surface.id)).toEqual(["login"]);
		const probe = countingD1(env.DB);
		for (const query of ["?days=7", "?days=1&surface=login"]) {
			forgetIsolateCopies();
			const response = await callInZone(`${PUBLIC_PATHS.uptime}${query}`, {}, { db: probe.db });
			expect(response.status).toBe(200);
			expect((await response.json<UptimeAnswer>()).surfaces.length).toBe(
				query.includes("surface") ? 1 : week.surfaces.length,
			);
		}
		// Both from the Cache API.
		expect(probe.roundTrips).toBe(0);
	});

	it("serves the same query string again from the isolate's copy, and a different one apart", async () => {
		await write("OPERATIONAL");
		forgetIsolateCopies();
		const days3 = await call(`${PUBLIC_PATHS.uptime}?days=3`);
		const days4 = await call(`${PUBLIC_PATHS.uptime}?days=4`);
		expect((await days3.json<UptimeAnswer>()).surfaces[0]?.days).toHaveLength(3);
		expect((await days4.json<UptimeAnswer>()).surfaces[0]?.days).toHaveLength(4);
		// The Cache API forgets them (its generation entry is gone); the isolate still has both.
		await caches.default.delete(new Request(`https://status.raxx.app${PUBLIC_PATHS.uptime}?generation`));
		const probe = countingD1(env.DB);
		for (const days of [3, 4]) {
			const copy = await callInZone(`${PUBLIC_PATHS.uptime}?days=${days}`, {}, { db: probe.db });
			expect((await copy.json<UptimeAnswer>()).surfaces[0]?.days).toHaveLength(days);
		}
		expect(probe.roundTrips).toBe(0);
	});

	it("names the minute in its ETag: the same data a minute later is a new answer", async () => {
		await write("OPERATIONAL");
		const now = Date.parse("2026-11-20T10:00:30Z");
		forgetIsolateCopies();
		const first = await fetchUptime("?days=2", { now });
		forgetIsolateCopies();
		const sameMinute = await fetchUptime("?days=2", { now: now + 20_000 });
		expect(sameMinute.headers.get("ETag")).toBe(first.headers.get("ETag"));
		await clearCacheApi();
		forgetIsolateCopies();
		const nextMinute = await fetchUptime("?days=2", { now: now + 60_000 });
		expect(nextMinute.headers.get("ETag")).not.toBe(first.headers.get("ETag"));
	});

	it("cannot leave an answer that a write superseded while it was built in the Cache API", async () => {
		await write("DEGRADED");
		const ctx = createExecutionContext();
		const { default: worker } = await import("../../../src/index");
		// The write commits, and clears the caches, after the read took its rows and before it stores them.
		const raced = await worker.fetch(
			new Request(`http://status.test${PUBLIC_PATHS.uptime}?days=2`) as Request<unknown, IncomingRequestCfProperties>,
			{ ...env, DB: racingD1(async () => expect((await write("DOWN")).status).toBe(200)) },
			ctx,
		);
		expect(loginToday(await raced.json<UptimeAnswer>())?.worst).toBe("DEGRADED");
		await waitOnExecutionContext(ctx);
		const next = await read("?days=2");
		expect(loginToday(await next.json<UptimeAnswer>())?.worst).toBe("DOWN");
	});
});

async function clearCacheApi() {
	const { invalidatePublicReads } = await import("../../../src/public-cache/invalidate");
	await invalidatePublicReads(env);
}
