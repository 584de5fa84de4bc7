import { beforeEach, describe, expect, it } from "vitest";
import { publicIncidentId } from "../../../src/domain/incident-id";
import { INCIDENTS_PER_DAY } from "../../../src/domain/uptime/history-report";
import type { UptimeAnswer } from "../../../src/http/uptime/schemas";
import { SURFACES } from "../../../src/surfaces/registry";
import { expectProblem } from "../support/http";
import { clearTables, readTables } from "../support/tables";
import { fetchUptime, insertAudit, insertIncident, uptimeAnswer } from "./support";

// The history's edge cases, each through the endpoint.

beforeEach(clearTables);

const at = (iso: string) => Date.parse(iso);
const HOUR = 3600;
const [APP, SECOND_APP] = SURFACES.map((surface) => surface.id) as [string, string];
const LAST = SURFACES.at(-1)?.id as string;

type SurfaceAnswer = UptimeAnswer["surfaces"][number];

function surfaceOf(answer: UptimeAnswer, id: string): SurfaceAnswer {
	const surface = answer.surfaces.find((entry) => entry.id === id);
	if (!surface) throw new Error(`no ${id} in the answer`);
	return surface;
}

const total = (seconds: Record<string, number>) => Object.values(seconds).reduce((sum, value) => sum + value, 0);

describe("GET uptime: the edges of the rules", () => {
	it("shows a surface with no audit rows as no data: UNKNOWN seconds, no worst state, no uptime", async () => {
		const answer = await uptimeAnswer("?days=3", { now: at("2026-11-20T06:00:00Z") });
		const app = surfaceOf(answer, APP);
		expect(app.uptime).toBeNull();
		expect(app.days.map((day) => [day.date, day.worst, day.uptime, day.seconds.UNKNOWN])).toEqual([
			["2026-11-18", null, null, 24 * HOUR],
			["2026-11-19", null, null, 24 * HOUR],
			["2026-11-20", null, null, 6 * HOUR],
		]);
		expect(answer.page.uptime).toBeNull();
		expect(answer.surfaces.map((surface) => surface.id)).toEqual(SURFACES.map((surface) => surface.id));
	});

	it("carries the state held before the window into its first day", async () => {
		await insertAudit([{ surfaceId: APP, state: "PARTIAL", at: at("2026-10-01T12:00:00Z") }]);
		const app = surfaceOf(await uptimeAnswer("?days=2", { now: at("2026-11-20T12:00:00Z") }), APP);
		expect(app.days.map((day) => [day.worst, day.seconds.PARTIAL])).toEqual([
			["PARTIAL", 24 * HOUR],
			["PARTIAL", 12 * HOUR],
		]);
		expect(app.uptime).toBeCloseTo(0.7, 12);
	});

	it("puts a change at 00:00:00 in the day it starts, and one at 23:59:59 in its own day", async () => {
		await insertAudit([
			{ surfaceId: APP, state: "OPERATIONAL", at: at("2026-11-18T00:00:00Z") },
			{ surfaceId: APP, state: "DOWN", at: at("2026-11-18T23:59:59Z") },
			{ surfaceId: APP, state: "OPERATIONAL", at: at("2026-11-19T00:00:00Z") },
		]);
		const app = surfaceOf(await uptimeAnswer("?days=3", { now: at("2026-11-20T00:30:00Z") }), APP);
		expect(app.days.map((day) => [day.date, day.worst, day.seconds.DOWN, day.seconds.OPERATIONAL])).toEqual([
			["2026-11-18", "DOWN", 1, 24 * HOUR - 1],
			["2026-11-19", "OPERATIONAL", 0, 24 * HOUR],
			["2026-11-20", "OPERATIONAL", 0, 1800],
		]);
		expect(app.days[0]?.uptime).toBeCloseTo(1 - 1 / 86_400, 12);
	});

	it("runs today to now, and days=1 is today alone", async () => {
		await insertAudit([{ surfaceId: APP, state: "DEGRADED", at: at("2026-11-19T08:00:00Z") }]);
		const answer = await uptimeAnswer("?days=1", { now: at("2026-11-20T09:15:30Z") });
		expect([answer.from, answer.to]).toEqual(["2026-11-20T00:00:00.000Z", "2026-11-20T09:15:30.000Z"]);
		const app = surfaceOf(answer, APP);
		expect(app.days).toHaveLength(1);
		expect(app.days[0]).toMatchObject({ date: "2026-11-20", worst: "DEGRADED", uptime: 1 });
		expect(app.days[0]?.seconds.DEGRADED).toBe(9 * HOUR + 15 * 60 + 30);
		expect(total(app.seconds)).toBe(9 * HOUR + 15 * 60 + 30);
	});

	it("gives the spring-forward day 23 hours and the fall-back day 25 in America/New_York", async () => {
		await insertAudit([{ surfaceId: APP, state: "OPERATIONAL", at: at("2026-01-01T00:00:00Z") }]);
		const spring = surfaceOf(
			await uptimeAnswer("?days=4", { zone: "America/New_York", now: at("2026-03-10T04:00:00Z") }),
			APP,
		);
		expect(spring.days.map((day) => [day.date, total(day.seconds) / HOUR])).toEqual([
			["2026-03-07", 24],
			["2026-03-08", 23],
			["2026-03-09", 24],
			["2026-03-10", 0],
		]);
		const fall = await uptimeAnswer("?days=2", { zone: "America/New_York", now: at("2026-11-02T05:00:00Z") });
		expect(fall.from).toBe("2026-11-01T04:00:00.000Z");
		expect(surfaceOf(fall, APP).days.map((day) => [day.date, day.seconds.OPERATIONAL / HOUR])).toEqual([
			["2026-11-01", 25],
			["2026-11-02", 0],
		]);
	});

	it("lists an incident on every day it was open, not on the day after it was resolved at midnight", async () => {
		await insertAudit([{ surfaceId: APP, state: "DOWN", at: at("2026-11-16T10:00:00Z") }]);
		await insertIncident({
			id: 7,
			surfaceId: APP,
			openedAt: at("2026-11-16T10:00:00Z"),
			resolvedAt: at("2026-11-18T00:00:00Z"),
		});
		await insertIncident({ id: 8, surfaceId: APP, openedAt: at("2026-11-19T22:00:00Z"), resolvedAt: null });
		await insertIncident({ id: 9, surfaceId: SECOND_APP, openedAt: at("2026-11-17T01:00:00Z"), resolvedAt: null });
		const answer = await uptimeAnswer("?days=5", { now: at("2026-11-20T06:00:00Z") });
		expect(surfaceOf(answer, APP).days.map((day) => [day.date, day.incidents])).toEqual([
			["2026-11-16", ["inc_00007"]],
			["2026-11-17", ["inc_00007"]],
			["2026-11-18", []],
			["2026-11-19", ["inc_00008"]],
			["2026-11-20", ["inc_00008"]],
		]);
		expect(surfaceOf(answer, SECOND_APP).days.map((day) => day.incidents.join())).toEqual([
			"",
			"inc_00009",
			"inc_00009",
			"inc_00009",
			"inc_00009",
		]);
	});

	it("gives groups and the page the mean of their surfaces' uptimes that are not null, and the sum of their seconds", async () => {
		const now = at("2026-11-20T12:00:00Z");
		await insertAudit([
			{ surfaceId: APP, state: "DOWN", at: now - 6 * HOUR * 1000 },
			{ surfaceId: APP, state: "OPERATIONAL", at: now - 3 * HOUR * 1000 },
			{ surfaceId: LAST, state: "OPERATIONAL", at: now - 12 * HOUR * 1000 },
		]);
		const answer = await uptimeAnswer("?days=1", { now });
		const app = surfaceOf(answer, APP);
		expect(app.uptime).toBeCloseTo(0.5, 12);
		expect(answer.page.uptime).toBeCloseTo((0.5 + 1) / 2, 12);
		const group = answer.groups.find((entry) => entry.group === SURFACES[0]?.group);
		expect(group?.uptime).toBeCloseTo(0.5, 12);
		const members = answer.surfaces.filter((surface) => surface.group === SURFACES[0]?.group);
		expect(group?.seconds.UNKNOWN).toBe(members.reduce((sum, surface) => sum + surface.seconds.UNKNOWN, 0));
		expect(answer.page.seconds.DOWN).toBe(3 * HOUR);
		expect(answer.groups.map((entry) => entry.group)).toEqual([...new Set(SURFACES.map((surface) => surface.group))]);
	});

	it("narrows the answer to one surface with ?surface=, its group and the page figures to it", async () => {
		await insertAudit([{ surfaceId: LAST, state: "PARTIAL", at: at("2026-11-19T00:00:00Z") }]);
		const answer = await uptimeAnswer(`?days=2&surface=${LAST}`, { now: at("2026-11-20T00:00:00Z") });
		expect(answer.surfaces.map((surface) => surface.id)).toEqual([LAST]);
		expect(answer.groups.map((group) => group.group)).toEqual([SURFACES.at(-1)?.group]);
		expect(answer.page.uptime).toBeCloseTo(0.7, 12);
		// A window that ends at midnight still holds today, empty.
		expect(answer.surfaces[0]?.days.map((day) => [day.date, total(day.seconds)])).toEqual([
			["2026-11-19", 24 * HOUR],
			["2026-11-20", 0],
		]);
	});
});

describe("GET uptime: bad queries", () => {
	it.each([
		["?days=0"],
		["?days=91"],
		["?days=abc"],
		["?days=1.5"],
		["?days="],
		["?days=-1"],
		["?days=090"],
		["?days=1e1"],
		["?days=%2030"],
		["?days=30&surface="],
		["?surface=%E2%80%AElogin"],
		["?surface=login%00"],
		[`?surface=${"a".repeat(65)}`],
		["?days=7&days=8"],
	])("%s is a 400 problem and writes nothing", async (query) => {
		await insertAudit([{ surfaceId: APP, state: "DOWN", at: at("2026-11-19T00:00:00Z") }]);
		const before = await readTables();
		await expectProblem(await fetchUptime(query), 400, "invalid_query");
		expect(await readTables()).toEqual(before);
	});

	it("a parameter it does not know (?since=) is ignored, as every public read ignores one", async () => {
		const plain = await fetchUptime("?days=7");
		const extra = await fetchUptime("?days=7&since=2026-01-01");
		expect(extra.status).toBe(200);
		expect(extra.headers.get("ETag")).toBe(plain.headers.get("ETag"));
	});

	it("an unknown surface is a 404 problem and writes nothing", async () => {
		const before = await readTables();
		const problem = await expectProblem(await fetchUptime("?surface=no-such-surface"), 404, "not_found");
		expect(problem.detail).toContain("no-such-surface");
		for (const word of ["toString", "__proto__", "constructor"]) {
			await expectProblem(await fetchUptime(`?surface=${word}`), 404, "not_found");
		}
		expect(await readTables()).toEqual(before);
	});

	it("a time zone the runtime does not know is a 500 problem, logged, never another zone's days", async () => {
		const response = await fetchUptime("?days=1", { zone: "Mars/Olympus_Mons" });
		await expectProblem(response, 500, "internal_error");
	});
});

describe("a day's incidents", () => {
	it(`lists at most ${INCIDENTS_PER_DAY} a day, the latest opened, and counts the rest`, async () => {
		await clearTables();
		const now = Date.parse("2026-11-20T12:00:00Z");
		for (let index = 0; index < INCIDENTS_PER_DAY + 5; index += 1) {
			await insertIncident({
				id: 700 + index,
				surfaceId: "charts",
				openedAt: now - 3 * 3_600_000 + index * 60_000,
				resolvedAt: null,
			});
		}
		const answer = await uptimeAnswer("?days=1", { now });
		const today = answer.surfaces.find((surface) => surface.id === "charts")?.days.at(-1);
		expect(today?.incidents).toEqual(
			Array.from({ length: INCIDENTS_PER_DAY }, (_, index) => publicIncidentId(705 + index)),
		);
		expect(today?.incidents_unlisted).toBe(5);
	});
});
