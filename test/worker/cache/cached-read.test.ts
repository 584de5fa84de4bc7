import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { INTERNAL_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { invalidatePublicReads } from "../../../src/public-cache/invalidate";
import { countingD1 } from "../support/counting-d1";
import { relayBody, sendRelay } from "../support/freescout";
import { BASE_URL, CURRENT_TOKEN, updateSurface } from "../support/http";
import { clearTables } from "../support/tables";

beforeEach(clearTables);

const PUBLIC_READS = [PUBLIC_PATHS.surfaces, PUBLIC_PATHS.incidents];

/** The app over a counting D1, each request run to the end of its waitUntil (the cache put). */
function countedApp() {
	const probe = countingD1(env.DB);
	const app = createApp();
	const send = async (path: string, init?: RequestInit) => {
		const ctx = createExecutionContext();
		const response = await app.fetch(new Request(`${BASE_URL}${path}`, init), { ...env, DB: probe.db }, ctx);
		await waitOnExecutionContext(ctx);
		return response;
	};
	return { probe, send };
}

describe("cacheable public reads", () => {
	for (const path of PUBLIC_READS) {
		it(`${path}: public, 10-30 s, stale-while-revalidate and stale-if-error, no s-maxage`, async () => {
			const { send } = countedApp();
			const response = await send(path);
			const cacheControl = response.headers.get("Cache-Control") ?? "";
			const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1]);
			expect(cacheControl).toMatch(/^public, /);
			expect(maxAge).toBeGreaterThanOrEqual(10);
			expect(maxAge).toBeLessThanOrEqual(30);
			expect(cacheControl).toMatch(/stale-while-revalidate=\d+/);
			expect(cacheControl).toMatch(/stale-if-error=\d+/);
			expect(cacheControl).not.toContain("s-maxage");
			await response.body?.cancel();
		});

		it(`${path}: a strong ETag from the data version; 304 on If-None-Match`, async () => {
			const { send } = countedApp();
			const first = await send(path);
			const etag = first.headers.get("ETag") ?? "";
			expect(etag).toMatch(/^"[a-z]+-\d+"$/);
			const body = await first.text();

			for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
				const again = await send(path, { headers: { "If-None-Match": ifNoneMatch } });
				expect(again.status).toBe(304);
				expect(again.headers.get("ETag")).toBe(etag);
				expect(await again.text()).toBe("");
			}
			const stale = await send(path, { headers: { "If-None-Match": '"surfaces-0-old"' } });
			expect(stale.status).toBe(200);
			expect(await stale.text()).toBe(body);
		});

		it(`${path}: served from the Cache API with no D1 round trip until a write invalidates it`, async () => {
			const { probe, send } = countedApp();
			await (await send(path)).text();
			// The read itself, through a session; after the answer, the version check on the primary
			// that keeps an answer a write has superseded out of the cache (src/http/cache/cached-read.ts).
			expect([probe.sessionRoundTrips, probe.roundTrips]).toEqual([1, 2]);
			for (let read = 0; read < 5; read += 1) await (await send(`${path}?bust=${read}`)).text();
			expect([probe.sessionRoundTrips, probe.roundTrips]).toEqual([1, 2]);

			const write = await send(INTERNAL_PATHS.updateSurface, {
				method: "POST",
				headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
				body: JSON.stringify({ surface_id: "login", state: "DOWN", state_source: "manual", actor: "ops" }),
			});
			expect(write.headers.get("Cache-Control")).toBe("no-store");
			await write.text();
			const afterWrite = probe.sessionRoundTrips;
			await (await send(path)).text();
			expect(probe.sessionRoundTrips).toBe(afterWrite + 1);
		});
	}

	it("a change is visible on the very next read, through every writer", async () => {
		const board = async () =>
			(
				await (
					await createApp().fetch(new Request(`${BASE_URL}${PUBLIC_PATHS.surfaces}`), env, createExecutionContext())
				).json<PublicSurfacesAnswer>()
			).surfaces.find((surface) => surface.id === "login")?.state;
		expect(await board()).toBe("UNKNOWN");
		await updateSurface({ surface_id: "login", state: "DEGRADED", state_source: "manual", actor: "ops" });
		expect(await board()).toBe("DEGRADED");
		await updateSurface({ surface_id: "login", state: "OPERATIONAL", state_source: "manual", actor: "ops" });
		await sendRelay(
			relayBody("conversation.created", {
				id: 5,
				status: "open",
				updated_at: "2026-11-26T08:00:00Z",
				component: "login",
				severity: "down",
			}),
		);
		expect(await board()).toBe("DOWN");
	});

	it("keeps the ETag when a write changes nothing, and moves it when anything public changes, even by hand", async () => {
		const { send } = countedApp();
		const etag = async () => {
			await invalidatePublicReads(env);
			const response = await send(PUBLIC_PATHS.surfaces);
			await response.body?.cancel();
			return response.headers.get("ETag");
		};
		await updateSurface({ surface_id: "login", state: "DEGRADED", state_source: "manual", actor: "ops" });
		const before = await etag();
		await updateSurface({ surface_id: "login", state: "DEGRADED", state_source: "manual", actor: "ops" });
		expect(await etag()).toBe(before);
		// An operator's `wrangler d1 execute` bypasses the Worker; the triggers still move the version.
		await env.DB.prepare("UPDATE surface_state SET public_note = 'edited by hand' WHERE surface_id = 'login'").run();
		expect(await etag()).not.toBe(before);
	});

	it("answers errors and writes no-store", async () => {
		const { send } = countedApp();
		const notFound = await send("/api/status/public/nothing");
		expect(notFound.headers.get("Cache-Control")).toBe("no-store");
		await notFound.body?.cancel();
		for (const path of [INTERNAL_PATHS.seedSurfaces, INTERNAL_PATHS.updateSurface]) {
			const response = await send(path, { method: "POST", headers: { "X-Internal-Status-Token": CURRENT_TOKEN } });
			expect(response.headers.get("Cache-Control")).toBe("no-store");
			await response.body?.cancel();
		}
	});
});
