import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { UPTIME_SQL } from "../../../src/db/uptime/queries";
import { MAX_HISTORY_DAYS } from "../../../src/domain/uptime/history-window";
import { LIVE_TAIL_ROWS } from "../../../src/domain/uptime/live-tail";
import { toUptimeAnswer } from "../../../src/http/uptime/presenters";
import worker from "../../../src/index";
import { PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { SURFACES } from "../../../src/surfaces/registry";
import { foldUptime } from "../../../src/verbs/fold-uptime";
import { readUptimeHistory } from "../../../src/verbs/read-uptime-history";
import { countingD1 } from "../support/counting-d1";
import { BASE_URL, updateSurface } from "../support/http";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";
import { STATES } from "./brute-force";
import { type AuditLine, atTime, insertAudit } from "./support";

// Every uptime answer (each `days` and `surface` variant) and the page are cut from one report of
// every surface over the longest window, built once per data version and minute in the isolate.

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-01T15:30:20Z");
const [FIRST, SECOND] = SURFACES.map((surface) => surface.id) as [string, string];

beforeEach(clearTables);

function entryPoint(settings: Partial<Env> = {}) {
	const probe = countingD1(env.DB);
	const send = async (target: string) => {
		const ctx = createExecutionContext();
		const request = new Request(`${BASE_URL}${target}`) as Request<unknown, IncomingRequestCfProperties>;
		const response = await worker.fetch(request, { ...env, ...settings, DB: probe.db }, ctx);
		await waitOnExecutionContext(ctx);
		return response;
	};
	/** How many history reads found rows to build a report from (one that finds its report current returns none). */
	const builds = () =>
		probe.statements.filter((statement) => statement.sql.startsWith(UPTIME_SQL.liveBounds) && statement.rows === 1)
			.length;
	/** How many history reads were sent, whether they built a report or found the one held current. */
	const historyReads = () =>
		probe.statements.filter((statement) => statement.sql.startsWith(UPTIME_SQL.liveBounds)).length;
	return { probe, send, builds, historyReads };
}

/** A write through the Worker: a new data version, and the isolate's copies and shared builds forgotten. */
const touch = (state = "OPERATIONAL") =>
	updateSurface({ surface_id: SECOND, state, state_source: "manual", actor: "ops" });

describe("one build per data version, cut for every variant", () => {
	it("a variant cut from the shared report is byte for byte the answer built for it alone", async () => {
		const line = fc.record({
			surface: fc.constantFrom(FIRST, SECOND),
			daysAgo: fc.double({ min: 0, max: MAX_HISTORY_DAYS + 5, noNaN: true }),
			state: fc.constantFrom(...STATES),
		});
		await fc.assert(
			fc.asyncProperty(
				fc.array(line, { maxLength: 40 }),
				fc.option(fc.integer({ min: 1, max: 95 }), { nil: undefined }),
				fc.uniqueArray(fc.integer({ min: 1, max: MAX_HISTORY_DAYS }), { minLength: 1, maxLength: 5 }),
				fc.constantFrom(undefined, FIRST, SECOND),
				async (lines, foldDaysAgo, variants, surface) => {
					await clearTables();
					const audit: AuditLine[] = lines
						.map((each) => ({ surfaceId: each.surface, state: each.state, at: Math.round(NOW - each.daysAgo * DAY) }))
						.sort((a, b) => a.at - b.at);
					await insertAudit(audit);
					if (foldDaysAgo !== undefined) {
						for (let cycle = 0; cycle < 30; cycle += 1) {
							if ((await foldUptime(env.DB, "UTC", new Date(NOW - foldDaysAgo * DAY))).upToDate) break;
						}
					}
					const { send } = entryPoint();
					for (const days of variants) {
						const query = `?days=${days}${surface === undefined ? "" : `&surface=${surface}`}`;
						const served = await atTime(NOW, async () => (await send(`${PUBLIC_PATHS.uptime}${query}`)).text());
						const alone = await readUptimeHistory(env.DB, { timeZone: "UTC", days, surfaceId: surface }, new Date(NOW));
						expect(served, query).toBe(JSON.stringify(toUptimeAnswer(alone.report)));
					}
				},
			),
			{ numRuns: runs(10, 150) },
		);
	}, 120_000);

	it("a burst of every days variant, and the page, cost one build of the report", async () => {
		await insertAudit(
			Array.from({ length: 4_000 }, (_, index) => ({
				surfaceId: SURFACES[index % SURFACES.length]?.id as string,
				state: STATES[index % STATES.length] as string,
				at: NOW - (index / 4_000) * 60 * DAY,
			})),
		);
		await atTime(NOW, () => touch());
		const { send, builds } = entryPoint();
		const answers = await atTime(NOW, () =>
			Promise.all(
				Array.from({ length: MAX_HISTORY_DAYS }, (_, index) => send(`${PUBLIC_PATHS.uptime}?days=${index + 1}`)),
			),
		);
		expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
		expect(builds()).toBe(1);
		// Later in the minute, at the same data version: a new variant and the page are cuts.
		forgetIsolateCopies();
		await atTime(NOW + 20_000, async () => {
			expect((await send(`${PUBLIC_PATHS.uptime}?days=12&surface=${FIRST}`)).status).toBe(200);
			expect((await send(PAGE_PATHS.home)).status).toBe(200);
		});
		expect(builds()).toBe(1);
	}, 120_000);

	it("with 40,000 live audit rows, a burst of every days variant reads no more rows than one miss", async () => {
		await insertAudit(
			Array.from({ length: 40_000 }, (_, index) => ({
				surfaceId: SURFACES[index % SURFACES.length]?.id as string,
				state: STATES[Math.floor(index / SURFACES.length) % STATES.length] as string,
				at: NOW - 60_000 - (index / 40_000) * 30 * DAY,
			})),
		);
		await atTime(NOW, () => touch());
		const single = entryPoint();
		expect((await atTime(NOW, () => single.send(`${PUBLIC_PATHS.uptime}?days=90`))).status).toBe(200);
		await atTime(NOW, () => touch("DEGRADED"));
		const burst = entryPoint();
		const answers = await atTime(NOW, () =>
			Promise.all(
				Array.from({ length: MAX_HISTORY_DAYS }, (_, index) => burst.send(`${PUBLIC_PATHS.uptime}?days=${index + 1}`)),
			),
		);
		expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
		expect([single.builds(), burst.builds()]).toEqual([1, 1]);
		// Besides the one build, each answer costs the version check that keeps it in the Cache API
		// only if no write superseded it: one primary-key read of one row, after the answer.
		const versionChecks = (probe: typeof single.probe) =>
			probe.statements.filter((statement) => statement.sql.includes('from "status_version"')).length;
		const further = MAX_HISTORY_DAYS - 1;
		expect(versionChecks(burst.probe) - versionChecks(single.probe)).toBe(further);
		expect(burst.probe.roundTrips - single.probe.roundTrips).toBe(further);
		expect(burst.probe.rowsRead).toBe(single.probe.rowsRead);
		// The live tail's bound, not the 40,000 rows, sets what one read costs.
		expect(single.probe.rowsRead).toBeLessThan(6 * LIVE_TAIL_ROWS);
	}, 120_000);

	it("the page's own build serves the uptime answers that follow it", async () => {
		await atTime(NOW, () => touch("DEGRADED"));
		const { send, builds } = entryPoint();
		await atTime(NOW, async () => {
			expect((await send(PAGE_PATHS.home)).status).toBe(200);
			for (const days of [1, 30, 90]) expect((await send(`${PUBLIC_PATHS.uptime}?days=${days}`)).status).toBe(200);
		});
		expect(builds()).toBe(1);
	});

	it("a write in this isolate, or the next minute, makes the next answer a new build that shows it", async () => {
		const { send, builds } = entryPoint();
		const lastDayWorst = async (at: number, days = 2) => {
			const answer = await atTime(at, async () =>
				(await send(`${PUBLIC_PATHS.uptime}?days=${days}&surface=${SECOND}`)).json<{
					surfaces: { days: { worst: string | null }[] }[];
				}>(),
			);
			return answer.surfaces[0]?.days.at(-1)?.worst;
		};
		await atTime(NOW - 60_000, () => touch());
		expect(await lastDayWorst(NOW)).toBe("OPERATIONAL");
		await atTime(NOW + 1_000, () => touch("DOWN"));
		expect(await lastDayWorst(NOW + 2_000)).toBe("DOWN");
		expect(builds()).toBe(2);
		// Another variant, at the same data version: the minute has changed, so it is built anew.
		expect(await lastDayWorst(NOW + 60_000, 3)).toBe("DOWN");
		expect(builds()).toBe(3);
	});

	it("a miss at the version already built reads no history: the Cache API's copy gone, the same answer", async () => {
		await insertAudit(
			Array.from({ length: 3_000 }, (_, index) => ({
				surfaceId: SURFACES[index % SURFACES.length]?.id as string,
				state: STATES[Math.floor(index / SURFACES.length) % STATES.length] as string,
				at: NOW - 3 * DAY + index * 60_000,
			})),
		);
		// No Cache API: every read is a miss, as when its copy has expired and the data has not changed.
		const { probe, send, builds, historyReads } = entryPoint({ PUBLIC_CACHE_SECONDS: "0" });
		const read = (target: string, at = NOW) => atTime(at, async () => (await send(target)).text());
		const first = await read(`${PUBLIC_PATHS.uptime}?days=30`);
		const rowsBuilding = probe.rowsRead;
		forgetIsolateCopies();
		const again = await read(`${PUBLIC_PATHS.uptime}?days=30`, NOW + 10_000);
		expect(again).toBe(first);
		expect([historyReads(), builds()]).toEqual([2, 1]);
		// Next to nothing, whatever lies behind: the surfaces' ids and the open incidents' index entries.
		expect(rowsBuilding).toBeGreaterThan(3_000);
		expect(probe.rowsRead - rowsBuilding).toBeLessThan(300);
		// The page too: its one batch carries the history's statements, and they find the report current.
		expect((await atTime(NOW + 20_000, () => send(PAGE_PATHS.home))).status).toBe(200);
		expect([historyReads(), builds()]).toEqual([3, 1]);
		// A write elsewhere (another isolate: this one forgets nothing) makes the next read a build that shows it.
		const lastDay = async (at: number) => {
			forgetIsolateCopies();
			const answer = JSON.parse(await read(`${PUBLIC_PATHS.uptime}?days=1&surface=${FIRST}`, at)) as {
				surfaces: { days: { seconds: { DOWN: number } }[] }[];
			};
			return answer.surfaces[0]?.days[0]?.seconds.DOWN;
		};
		const downBefore = await lastDay(NOW + 25_000);
		await insertAudit([{ surfaceId: FIRST, state: "DOWN", at: NOW - 60_000 }]);
		const downAfter = await lastDay(NOW + 30_000);
		expect(downAfter).toBeGreaterThan((downBefore ?? 0) + 60);
		expect([historyReads(), builds()]).toEqual([5, 2]);
	});
});
