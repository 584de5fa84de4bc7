import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { isolateKey } from "../../../src/http/cache/isolate-layer";
import { requestPath } from "../../../src/http/cache/request-path";
import { ATLASSIAN_V2_PATHS, incidentPath, PAGE_PATHS, PUBLIC_PATHS, surfacePath } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { countingD1 } from "../support/counting-d1";
import { BASE_URL, call, expectProblem, updateSurface } from "../support/http";
import { clearTables, readTables } from "../support/tables";
import { callInZone } from "../uptime/support";

// Public reads ignore query parameters they do not know (clients add cache-busters such as
// `?_=123`), and such a parameter makes no answer of its own in any cache; a documented parameter
// with a bad value is still refused, naming it.

beforeEach(async () => {
	await clearTables();
	expect(
		(await updateSurface({ surface_id: "login", state: "DEGRADED", state_source: "manual", actor: "ops" })).status,
	).toBe(200);
});

const READS = [
	PUBLIC_PATHS.surfaces,
	PUBLIC_PATHS.incidents,
	PUBLIC_PATHS.maintenances,
	PUBLIC_PATHS.uptime,
	`${PUBLIC_PATHS.uptime}?days=3`,
	PUBLIC_PATHS.badge,
	PUBLIC_PATHS.shields,
	PUBLIC_PATHS.health,
	surfacePath(PUBLIC_PATHS.surfaceBadge, "login"),
	surfacePath(PUBLIC_PATHS.surfaceShields, "login"),
	PUBLIC_PATHS.feedAtom,
	PUBLIC_PATHS.feedRss,
	...Object.values(ATLASSIAN_V2_PATHS),
	PAGE_PATHS.home,
];

const withBuster = (path: string) => `${path}${path.includes("?") ? "&" : "?"}_=1733218200123&utm_source=x`;

describe("a parameter a public read does not know", () => {
	it("is ignored: the same answer and ETag as without it", async () => {
		for (const path of READS) {
			forgetIsolateCopies();
			const plain = await call(path);
			forgetIsolateCopies();
			const busted = await call(withBuster(path));
			expect(busted.status, path).toBe(200);
			expect(busted.headers.get("ETag"), path).toBe(plain.headers.get("ETag"));
			if (path.startsWith(PUBLIC_PATHS.uptime)) continue; // Its answers carry the instant they were read.
			const text = (response: Response) => response.text().then((body) => body.replace(/"generated_at":"[^"]*"/, ""));
			expect(await text(busted), path).toBe(await text(plain));
		}
		expect((await call(`${PUBLIC_PATHS.marketTime}?_=1`)).status).toBe(200);
	});

	it("makes no answer of its own in the isolate's copies: a cache-buster is served the copy, without D1", async () => {
		forgetIsolateCopies();
		expect((await call(`${PUBLIC_PATHS.uptime}?days=3`)).status).toBe(200);
		// The Cache API forgets the history (its generation entry is gone); only the isolate's copy is left.
		await caches.default.delete(new Request(`https://status.raxx.app${PUBLIC_PATHS.uptime}?generation`));
		const probe = countingD1(env.DB);
		for (const buster of ["_=1", "_=2", "cb=x&_=3"]) {
			const response = await callInZone(`${PUBLIC_PATHS.uptime}?${buster}&days=3`, {}, { db: probe.db });
			expect(response.status).toBe(200);
		}
		expect(probe.roundTrips).toBe(0);
	});

	it("is left out of the isolate's key; the parameters a read answers to are not", () => {
		const key = (target: string) => isolateKey(requestPath(`${BASE_URL}${target}`));
		const uptime = PUBLIC_PATHS.uptime;
		expect(key(`${uptime}?days=3&_=1`)).toBe(`${uptime}?days=3`);
		expect(key(`${uptime}?_=1&surface=login&days=3`)).toBe(`${uptime}?days=3&surface=login`);
		expect(key(`${uptime}?_=1`)).toBe(`${uptime}?days=90`);
		// An escaped name is the name it decodes to; a repeated parameter is the router's to refuse (no key).
		expect(key(`${uptime}?d%61ys=3`)).toBe(`${uptime}?days=3`);
		expect(key(`${uptime}?days=3&days=4`)).toBeNull();
		const incident = incidentPath("inc_00001");
		expect(key(`${incident}?_=1`)).toBe(incident);
		expect(key(`${incident}?before=2026-12-01T00:00:00.000Z&_=1`)).toBe(`${incident}?before=2026-12-01T00:00:00.000Z`);
		expect(key(`${PUBLIC_PATHS.surfaces}?_=1`)).toBe(PUBLIC_PATHS.surfaces);
	});
});

describe("a documented parameter with a bad value, beside a cache-buster", () => {
	it("is refused, naming the parameter, and writes nothing", async () => {
		const before = await readTables();
		const days = await expectProblem(await call(`${PUBLIC_PATHS.uptime}?_=1&days=0`), 400, "invalid_query");
		expect(days.errors).toEqual([{ in: "query", path: "days", message: expect.any(String) }]);
		const repeated = await expectProblem(await call(`${PUBLIC_PATHS.uptime}?days=3&days=4`), 400, "invalid_query");
		expect(repeated.errors?.[0]).toMatchObject({ in: "query", path: "days" });
		const at = await expectProblem(await call(`${PUBLIC_PATHS.marketTime}?at=soon&_=1`), 400, "invalid_query");
		expect(at.errors).toEqual([{ in: "query", path: "at", message: expect.any(String) }]);
		expect(await readTables()).toEqual(before);
	});
});
