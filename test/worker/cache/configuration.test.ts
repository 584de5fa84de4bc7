import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../../src/index";
import { ATLASSIAN_V2_PATHS, incidentPagePath, PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { configurationTag } from "../../../src/public-cache/settings";
import { NOW, ticketAt } from "../atlassian-v2/support";
import { HOUR } from "../maintenance/support";
import { BASE_URL } from "../support/http";
import { clearTables } from "../support/tables";
import { atTime } from "../uptime/support";

// A deployment that changes only the configuration (the page's name, id, time zone, origin) changes
// the answers built from it: their ETags and Cache API keys name the configuration, so a client's
// old ETag gets the new answer and the Cache API's old entry is not served.

beforeEach(clearTables);

const LATER = NOW + HOUR;

/**
 * A read through the Worker's entry point under a configuration, Cache API kept (an isolate of the
 * new deployment has no copy of its own).
 */
async function read(path: string, vars: Partial<Env>, headers: HeadersInit = {}): Promise<Response> {
	forgetIsolateCopies();
	return atTime(LATER, async () => {
		const ctx = createExecutionContext();
		const response = await worker.fetch(new Request(`${BASE_URL}${path}`, { headers }), { ...env, ...vars }, ctx);
		await waitOnExecutionContext(ctx);
		return response;
	});
}

/** The same data read under `before`, then under `after` with the first ETag: a new answer, not a 304. */
async function expectNewAnswer(path: string, before: Partial<Env>, after: Partial<Env>): Promise<string> {
	const first = await read(path, before);
	expect(first.status, path).toBe(200);
	const etag = first.headers.get("ETag") ?? "";
	await first.text();
	const second = await read(path, after, { "If-None-Match": etag });
	expect(second.status, `${path} after a configuration change`).toBe(200);
	expect(second.headers.get("ETag"), path).not.toBe(etag);
	const body = await second.text();
	const third = await read(path, after, { "If-None-Match": second.headers.get("ETag") ?? "" });
	expect(third.status, `${path} unchanged under the new configuration`).toBe(304);
	return body;
}

const NAMED = { STATUS_PAGE_NAME: "Raxx Markets" };

describe("ETags and cache keys name the configuration", () => {
	it("the page, an incident's page, the feeds and the Statuspage JSON: a new page name is a new answer", async () => {
		expect((await ticketAt(9, 1)).status).toBe(200);
		const paths = [
			PAGE_PATHS.home,
			incidentPagePath("inc_00001"),
			PUBLIC_PATHS.feedAtom,
			PUBLIC_PATHS.feedRss,
			...Object.values(ATLASSIAN_V2_PATHS),
		];
		for (const path of paths) {
			const body = await expectNewAnswer(path, {}, NAMED);
			expect(body, path).toContain("Raxx Markets");
		}
	});

	it("the Statuspage JSON: a new page id is a new answer", async () => {
		const body = await expectNewAnswer(ATLASSIAN_V2_PATHS.summary, {}, { STATUS_PAGE_ID: "raxx-markets" });
		expect(JSON.parse(body).page.id).toBe("raxx-markets");
	});

	it("the page, the Statuspage JSON and the uptime history: a new time zone is a new answer", async () => {
		const zone = { STATUS_PAGE_TIME_ZONE: "America/New_York" };
		expect(JSON.parse(await expectNewAnswer(ATLASSIAN_V2_PATHS.status, {}, zone)).page.time_zone).toBe(
			"America/New_York",
		);
		expect(JSON.parse(await expectNewAnswer(`${PUBLIC_PATHS.uptime}?days=7`, {}, zone)).time_zone).toBe(
			"America/New_York",
		);
		await expectNewAnswer(PAGE_PATHS.home, {}, zone);
	});

	it("a configuration's tag is stable, and moves with any answer setting", () => {
		const base = { STATUS_PUBLIC_ORIGIN: "https://status.raxx.app", STATUS_PAGE_NAME: "raxx.app" };
		expect(configurationTag(base)).toMatch(/^[0-9a-f]{8}$/);
		expect(configurationTag({ ...base })).toBe(configurationTag(base));
		const variants = [
			{ ...base, STATUS_PUBLIC_ORIGIN: "https://status.example" },
			{ ...base, STATUS_PAGE_NAME: "Raxx" },
			{ ...base, STATUS_PAGE_ID: "raxx" },
			{ ...base, STATUS_PAGE_TIME_ZONE: "Europe/Berlin" },
		];
		const tags = new Set([base, ...variants].map(configurationTag));
		expect(tags.size).toBe(variants.length + 1);
		expect(configurationTag({ ...base, PUBLIC_CACHE_SECONDS: "0" })).toBe(configurationTag(base));
	});
});
