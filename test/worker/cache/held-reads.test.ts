import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { TIMELINE_SQL } from "../../../src/db/incidents/updates";
import { PUBLIC_MAINTENANCES_SQL } from "../../../src/db/maintenance/reads";
import worker from "../../../src/index";
import { ATLASSIAN_V2_PATHS, PAGE_PATHS } from "../../../src/paths";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { forgetSharedBuilds } from "../../../src/public-cache/shared-builds";
import { MAINTENANCE_WINDOW_DAYS } from "../../../src/verbs/list-maintenances";
import { countingD1 } from "../support/counting-d1";
import { BASE_URL } from "../support/http";
import { clearTables } from "../support/tables";
import { atTime, insertIncident } from "../uptime/support";

// A public read whose Cache API copy is gone (expired, or no cache at all) at a data version this
// isolate has already read: it still costs one round trip, but the statements behind the snapshot
// (incidents with their timelines, maintenance) return nothing, and the rows held answer.

const NOW = Date.parse("2026-12-01T10:00:00Z");
const DAY = 86_400_000;

beforeEach(clearTables);

function entryPoint() {
	const probe = countingD1(env.DB);
	const send = async (target: string, at: number) => {
		forgetIsolateCopies();
		const ctx = createExecutionContext();
		const request = new Request(`${BASE_URL}${target}`) as Request<unknown, IncomingRequestCfProperties>;
		const answer = await atTime(at, async () => {
			const response = await worker.fetch(request, { ...env, PUBLIC_CACHE_SECONDS: "0", DB: probe.db }, ctx);
			return response.text();
		});
		await waitOnExecutionContext(ctx);
		return answer;
	};
	/** Whether each snapshot read found rows of `sql` (a read at the version held returns none). */
	const foundRows = (sql: string) =>
		probe.statements.filter((statement) => statement.sql.startsWith(sql)).map((statement) => (statement.rows ?? 0) > 0);
	const timelineReads = () => foundRows(TIMELINE_SQL.listedIncidents);
	const maintenanceReads = () => foundRows(PUBLIC_MAINTENANCES_SQL);
	return { probe, send, timelineReads, maintenanceReads };
}

/** The same read by an isolate that holds nothing. */
async function freshAnswer(target: string, at: number): Promise<string> {
	forgetSharedBuilds();
	return entryPoint().send(target, at);
}

describe("reads at a version already read", () => {
	it("summary.json and the page: the held rows answer, byte for byte what a fresh read gives", async () => {
		for (let id = 1; id <= 60; id += 1) {
			await insertIncident({ id, surfaceId: "charts", openedAt: NOW - id * DAY, resolvedAt: NOW - id * DAY + 60_000 });
		}
		const { probe, send, timelineReads } = entryPoint();
		await send(ATLASSIAN_V2_PATHS.summary, NOW);
		const rowsFirst = probe.rowsRead;
		const again = await send(ATLASSIAN_V2_PATHS.summary, NOW + 10_000);
		// Only the surfaces' states and first records (24 each) are read again.
		expect(probe.rowsRead - rowsFirst).toBeLessThan(rowsFirst / 2);
		const page = await send(PAGE_PATHS.home, NOW + 20_000);
		expect(timelineReads()).toEqual([true, false, false]);
		// A minute at most: a row edited by hand (no trigger counts it) is seen by then.
		await send(ATLASSIAN_V2_PATHS.summary, NOW + 60_001);
		expect(timelineReads()).toEqual([true, false, false, true]);
		expect(again).toBe(await freshAnswer(ATLASSIAN_V2_PATHS.summary, NOW + 10_000));
		expect(page).toBe(await freshAnswer(PAGE_PATHS.home, NOW + 20_000));
	});

	it("reads the snapshot again once a held row has left its window, though the data has not changed", async () => {
		// A maintenance window that ended 5 s after the public list's start: listed now, no longer 10 s later.
		const endedAt = NOW - MAINTENANCE_WINDOW_DAYS * DAY + 5_000;
		const [started, ended] = [endedAt - 3_600_000, endedAt].map((at) => new Date(at).toISOString());
		await env.DB.prepare(
			`INSERT INTO status_maintenances
				(key, title, public_note, surface_ids, starts_at, ends_at, status, missed, ended_at, created_at, updated_at)
			VALUES ('old', 'Network maintenance', NULL, '["charts"]', ?1, ?2, 'completed', 0, ?2, ?1, ?2)`,
		)
			.bind(started, ended)
			.run();
		const { send, maintenanceReads } = entryPoint();
		const path = ATLASSIAN_V2_PATHS.maintenances;
		const listed = (answer: string) =>
			(JSON.parse(answer) as { scheduled_maintenances: unknown[] }).scheduled_maintenances.length;
		expect(listed(await send(path, NOW))).toBe(1);
		expect(listed(await send(path, NOW + 4_000))).toBe(1);
		const later = await send(path, NOW + 10_000);
		expect(listed(later)).toBe(0);
		expect(maintenanceReads()).toEqual([true, false, false]);
		expect(later).toBe(await freshAnswer(path, NOW + 10_000));
	});

	it("a write elsewhere (a new version; this isolate forgets nothing) is read at once", async () => {
		const { send, timelineReads } = entryPoint();
		expect(await send(ATLASSIAN_V2_PATHS.incidents, NOW)).not.toContain("inc_00003");
		await insertIncident({ id: 3, surfaceId: "login", openedAt: NOW - DAY, resolvedAt: null });
		expect(await send(ATLASSIAN_V2_PATHS.incidents, NOW + 1_000)).toContain("inc_00003");
		expect(timelineReads()).toEqual([false, true]);
	});
});
