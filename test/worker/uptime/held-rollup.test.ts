import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { readUptimeRows } from "../../../src/db/uptime/history";
import { UPTIME_SQL } from "../../../src/db/uptime/queries";
import { MAX_HISTORY_DAYS } from "../../../src/domain/uptime/history-window";
import { toUptimeAnswer } from "../../../src/http/uptime/presenters";
import { SURFACES } from "../../../src/surfaces/registry";
import { foldUptime, rebuildUptimeStep } from "../../../src/verbs/fold-uptime";
import { readUptimeHistory, uptimePlan, uptimeReportOf } from "../../../src/verbs/read-uptime-history";
import { countingD1 } from "../support/counting-d1";
import { clearTables } from "../support/tables";
import { STATES } from "./brute-force";
import { type AuditLine, insertAudit, insertIncident } from "./support";

// A read after a write keeps the rollup days this isolate already read: within one rollup the fold
// writes only the day of its fold point and later ones, so only those are read again; a rebuild
// draws a new rollup, and everything is read again.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-12-01T15:30:20Z");
const QUERY = { timeZone: "UTC", days: MAX_HISTORY_DAYS };
const SURFACE_IDS = SURFACES.slice(0, 6).map((surface) => surface.id);

beforeEach(clearTables);

/** Changes every few hours on six surfaces, from `from` to `to`, in every state. */
function history(from: number, to: number, seed: number): AuditLine[] {
	const lines: AuditLine[] = [];
	let at = from;
	let step = seed;
	while (at < to) {
		step = (step * 48_271) % 2_147_483_647;
		lines.push({
			surfaceId: SURFACE_IDS[step % SURFACE_IDS.length] as string,
			state: STATES[step % STATES.length] as string,
			at,
		});
		at += HOUR + (step % (6 * HOUR));
	}
	return lines;
}

async function foldUntilUpToDate(now: number): Promise<void> {
	for (let cycle = 0; cycle < 30; cycle += 1) {
		if ((await foldUptime(env.DB, "UTC", new Date(now))).upToDate) return;
	}
	throw new Error("the fold did not catch up");
}

/** The answer built from a read that holds nothing: what a new isolate would answer. */
async function coldAnswer(now: number) {
	const plan = uptimePlan(QUERY, new Date(now));
	const rows = await readUptimeRows(env.DB, plan.request);
	return { answer: toUptimeAnswer(uptimeReportOf(plan, rows)), rolledRows: rows.rolled.length };
}

/** A read through the verb (which holds its rollup days), and how many rollup rows D1 returned for it. */
async function heldRead(now: number) {
	const probe = countingD1(env.DB);
	const { report } = await readUptimeHistory(probe.db, QUERY, new Date(now));
	const rolled = probe.statements.find((statement) => statement.sql.includes(UPTIME_SQL.rolledDays));
	return { answer: toUptimeAnswer(report), rowsReturned: rolled?.rows ?? Number.NaN };
}

describe("the rollup days an isolate holds", () => {
	it.each([
		["drawn by its first fold", false],
		["from before rollups had ids (the migration left it empty)", true],
	])(
		"are kept across a write and a fold, for a rollup %s: only the days from the held fold point on are read, and the answer is a new isolate's",
		async (_, migrated) => {
			await insertAudit(history(NOW - 100 * DAY, NOW, 7));
			await foldUntilUpToDate(NOW);
			if (migrated) await env.DB.prepare("UPDATE status_uptime_fold SET rollup_id = ''").run();
			const first = await heldRead(NOW);
			expect(first.answer).toEqual((await coldAnswer(NOW)).answer);

			// Two hours later: new audit rows (a new data version) and a fold that continues the same rollup.
			const later = NOW + 2 * HOUR;
			await insertAudit(history(NOW + 1000, later, 11));
			await foldUntilUpToDate(later);
			const second = await heldRead(later);
			const cold = await coldAnswer(later);
			expect(second.answer).toEqual(cold.answer);
			expect(cold.rolledRows).toBeGreaterThan(400);
			// The day of the held fold point, for each surface with data that day: nothing older.
			expect(second.rowsReturned).toBeGreaterThan(0);
			expect(second.rowsReturned).toBeLessThanOrEqual(SURFACE_IDS.length);
		},
	);

	it("still list an incident written later on a day they hold", async () => {
		await insertAudit(history(NOW - 100 * DAY, NOW, 3));
		await foldUntilUpToDate(NOW);
		await heldRead(NOW);
		// A helpdesk ticket about a day a month ago, written now (a new data version).
		await insertIncident({
			id: 42,
			surfaceId: SURFACE_IDS[0] as string,
			openedAt: NOW - 30 * DAY,
			resolvedAt: NOW - 30 * DAY + HOUR,
		});
		const after = await heldRead(NOW + 1000);
		expect(after.answer).toEqual((await coldAnswer(NOW + 1000)).answer);
		const day = after.answer.surfaces
			.find((surface) => surface.id === SURFACE_IDS[0])
			?.days.find((each) => each.incidents.length > 0);
		expect(day?.date).toBe(new Date(NOW - 30 * DAY).toISOString().slice(0, 10));
	});

	it("are read again after a rebuild, which draws a new rollup: an audit row edited by hand is seen", async () => {
		await insertAudit(history(NOW - 100 * DAY, NOW, 5));
		await foldUntilUpToDate(NOW);
		const before = await heldRead(NOW);
		const { results } = await env.DB.prepare("SELECT rollup_id FROM status_uptime_fold").all<{ rollup_id: string }>();
		// An operator mends the history of sixty days ago and rebuilds the rollup, to the same fold point.
		await env.DB.prepare("UPDATE status_audit_log SET new_state = 'DOWN' WHERE created_at < ?1")
			.bind(new Date(NOW - 60 * DAY).toISOString())
			.run();
		let step = await rebuildUptimeStep(env.DB, "UTC", new Date(NOW), true);
		for (let cycle = 0; cycle < 30 && !step.upToDate; cycle += 1) {
			step = await rebuildUptimeStep(env.DB, "UTC", new Date(NOW), false);
		}
		const rebuilt = await env.DB.prepare("SELECT rollup_id FROM status_uptime_fold").all<{ rollup_id: string }>();
		expect(rebuilt.results[0]?.rollup_id).not.toBe(results[0]?.rollup_id);

		const after = await heldRead(NOW);
		const cold = await coldAnswer(NOW);
		expect(after.answer).toEqual(cold.answer);
		expect(after.answer).not.toEqual(before.answer);
		expect(after.rowsReturned).toBe(cold.rolledRows);
	});
});
