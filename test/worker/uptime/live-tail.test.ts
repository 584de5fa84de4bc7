import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { uptimeStatements } from "../../../src/db/uptime/history";
import { LIVE_TAIL_ROWS } from "../../../src/domain/uptime/live-tail";
import { toUptimeAnswer } from "../../../src/http/uptime/presenters";
import { SURFACES } from "../../../src/surfaces/registry";
import { foldUptime } from "../../../src/verbs/fold-uptime";
import { readUptimeHistory, uptimePlan } from "../../../src/verbs/read-uptime-history";
import { clearTables } from "../support/tables";
import { STATES } from "./brute-force";
import { type AuditLine, insertAudit } from "./support";

// The live part of a history read (the audit rows after the rollup's end) is bounded whatever
// happened to the fold: the newest LIVE_TAIL_ROWS rows, and the time before them without data.

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-01T15:30:20Z");

beforeEach(clearTables);

/** `count` audit rows spread evenly from `oldestDaysAgo` to `newestDaysAgo`, cycling through surfaces and states. */
function spreadRows(count: number, oldestDaysAgo: number, newestDaysAgo: number): AuditLine[] {
	const span = (oldestDaysAgo - newestDaysAgo) * DAY;
	return Array.from({ length: count }, (_, index) => ({
		surfaceId: SURFACES[index % SURFACES.length]?.id as string,
		state: STATES[Math.floor(index / SURFACES.length) % STATES.length] as string,
		at: Math.round(NOW - oldestDaysAgo * DAY + (index / count) * span),
	}));
}

/** Rows D1 read for one history read of every surface over 90 days (the sum of its statements' meta). */
async function rowsReadByHistoryRead(): Promise<number> {
	const plan = uptimePlan({ timeZone: "UTC", days: 90 }, new Date(NOW));
	const results = await env.DB.batch(uptimeStatements(env.DB, plan.request));
	return results.reduce((sum, result) => sum + (result.meta.rows_read ?? 0), 0);
}

async function foldUntilUpToDate(): Promise<void> {
	for (let cycle = 0; cycle < 30; cycle += 1) {
		if ((await foldUptime(env.DB, "UTC", new Date(NOW))).upToDate) return;
	}
	throw new Error("the fold did not catch up in 30 cycles");
}

describe("the live tail of a history read", () => {
	it("reads as many rows with ten times the limit behind the rollup as with twice it", async () => {
		await insertAudit(spreadRows(2 * LIVE_TAIL_ROWS, 40, 0));
		const withTwice = await rowsReadByHistoryRead();
		await insertAudit(spreadRows(8 * LIVE_TAIL_ROWS, 85, 41));
		const withTenTimes = await rowsReadByHistoryRead();
		expect(withTenTimes).toBe(withTwice);
		// Three statements walk the newest LIVE_TAIL_ROWS index entries (and their rows); the rest are seeks.
		expect(withTwice).toBeLessThan(8 * LIVE_TAIL_ROWS);
	}, 120_000);

	it("answers the days after the oldest row read exactly and the time before it as no data", async () => {
		const rows = spreadRows(3 * LIVE_TAIL_ROWS, 60, 0);
		await insertAudit(rows);
		const oldestRead = (rows.at(-LIVE_TAIL_ROWS) as AuditLine).at;
		const bounded = await readUptimeHistory(env.DB, { timeZone: "UTC", days: 90 }, new Date(NOW));
		await foldUntilUpToDate();
		const exact = await readUptimeHistory(env.DB, { timeZone: "UTC", days: 90 }, new Date(NOW));
		const days = bounded.report.window.days;
		const afterCut = days.filter((day) => day.start >= oldestRead).length;
		const beforeCut = days.filter((day) => day.end <= oldestRead).length;
		expect(afterCut).toBeGreaterThan(10);
		expect(beforeCut).toBeGreaterThan(30);
		const boundedAnswer = toUptimeAnswer(bounded.report);
		const exactAnswer = toUptimeAnswer(exact.report);
		for (const [index, surface] of boundedAnswer.surfaces.entries()) {
			const exactDays = exactAnswer.surfaces[index]?.days ?? [];
			expect(surface.days.slice(-afterCut), surface.id).toEqual(exactDays.slice(-afterCut));
		}
		for (const surface of bounded.report.surfaces) {
			for (const [dayIndex, day] of surface.days.slice(0, beforeCut).entries()) {
				const zoneDay = days[dayIndex];
				expect({ worst: day.worst, uptime: day.uptime, unknown: day.ms.UNKNOWN }).toEqual({
					worst: null,
					uptime: null,
					unknown: (zoneDay?.end ?? 0) - (zoneDay?.start ?? 0),
				});
			}
		}
		// The days left without data had data: the fold, once caught up, shows them.
		expect(exact.report.surfaces.every((surface) => surface.days[beforeCut - 1]?.worst !== null)).toBe(true);
	}, 120_000);
});
