import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { servePathRead } from "../../../src/http/cache/path-reads";
import type { PublicSurfacesAnswer } from "../../../src/http/surfaces/schemas";
import { PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { BASE_URL, call, updateSurface } from "../support/http";
import { racingD1 } from "../support/racing-d1";
import { clearTables } from "../support/tables";

// A public read that began before a write must not store its older answer
// into the Cache API after the write cleared it.

beforeEach(clearTables);

const stateOfCharts = (board: PublicSurfacesAnswer) => board.surfaces.find((surface) => surface.id === "charts")?.state;
const write = (state: string) => updateSurface({ surface_id: "charts", state, state_source: "manual", actor: "ops" });

describe("a public read racing a write", () => {
	it("cannot leave its older answer in the Cache API: the next read shows the write", async () => {
		await write("DEGRADED");
		const ctx = createExecutionContext();
		// The write commits, and clears the caches, after the read took its rows and before it stores them.
		const raced = await servePathRead(
			new Request(`${BASE_URL}${PUBLIC_PATHS.surfaces}`),
			{ ...env, DB: racingD1(async () => expect((await write("DOWN")).status).toBe(200)) },
			ctx,
			PUBLIC_PATHS.surfaces,
		);
		expect(stateOfCharts(await raced.json<PublicSurfacesAnswer>())).toBe("DEGRADED");
		await waitOnExecutionContext(ctx);

		forgetIsolateCopies();
		expect(stateOfCharts(await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>())).toBe("DOWN");
	});

	it("still stores an answer no write has superseded: the next read is a Cache API hit", async () => {
		await write("PARTIAL");
		const ctx = createExecutionContext();
		await (
			await servePathRead(new Request(`${BASE_URL}${PUBLIC_PATHS.surfaces}`), env, ctx, PUBLIC_PATHS.surfaces)
		).text();
		await waitOnExecutionContext(ctx);
		const cached = await caches.default.match(new Request(`https://status.raxx.app${PUBLIC_PATHS.surfaces}`));
		expect(cached?.status).toBe(200);
		expect(stateOfCharts((await cached?.json()) as PublicSurfacesAnswer)).toBe("PARTIAL");
	});
});
