import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { startOfDay } from "../../../src/domain/time-zone";
import { uptimeOf } from "../../../src/domain/uptime/daily-history";
import { SURFACES } from "../../../src/surfaces/registry";
import { foldUptime } from "../../../src/verbs/fold-uptime";
import { runs } from "../support/runs";
import { clearTables } from "../support/tables";
import { bruteForceDays, CLOCK_CHANGE_ANCHORS, STATES } from "./brute-force";
import { type AuditLine, insertAudit, uptimeAnswer } from "./support";

// "The endpoint's per-day seconds, worst state and uptime equal an independent
// brute-force model computed from the same transitions, to the second": random transitions of two
// surfaces over random days and zones, part of them folded into the rollup at a random moment.

beforeEach(clearTables);

const ZONES = ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"] as const;
const FIRST = SURFACES[0]?.id as string;
const LAST = SURFACES.at(-1)?.id as string;

const changeList = fc.array(
	fc.record({ offset: fc.integer({ min: -2 * 86_400, max: 4 * 86_400 }), state: fc.constantFrom(...STATES) }),
	{ maxLength: 10 },
);

const scenario = fc.record({
	zone: fc.constantFrom(...ZONES),
	anchor: fc.constantFrom(...CLOCK_CHANGE_ANCHORS),
	shift: fc.integer({ min: -36 * 3600, max: 36 * 3600 }),
	days: fc.integer({ min: 1, max: 3 }),
	first: changeList,
	last: changeList,
	midnight: fc.option(fc.constantFrom(...STATES), { nil: undefined }),
	// Where the rollup ends: folded at `now` minus this many hours (or never).
	foldHoursBefore: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }),
});

/** Folds every day that may be folded at `at`, as the cron does over as many minutes as it takes. */
async function foldAll(zone: string, at: Date): Promise<void> {
	for (let cycle = 0; cycle < 20; cycle += 1) if ((await foldUptime(env.DB, zone, at)).upToDate) return;
	throw new Error("the fold did not catch up in 20 cycles");
}

describe("GET uptime against a brute-force model", () => {
	it("gives every day's seconds, worst state and uptime to the second, rolled up or live", async () => {
		await fc.assert(
			fc.asyncProperty(scenario, async ({ zone, anchor, shift, days, first, last, midnight, foldHoursBefore }) => {
				await clearTables();
				const now = anchor + shift * 1000;
				const today = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(now);
				const firstDate = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000)
					.toISOString()
					.slice(0, 10);
				const from = startOfDay(zone, firstDate);
				const toLines = (surfaceId: string, list: typeof first): AuditLine[] =>
					list.map(({ offset, state }) => ({ surfaceId, state, at: from + offset * 1000 })).filter((l) => l.at <= now);
				const lines = [...toLines(FIRST, first), ...toLines(LAST, last)];
				if (midnight) lines.push({ surfaceId: LAST, state: midnight, at: from });
				await insertAudit(lines);
				if (foldHoursBefore !== undefined) await foldAll(zone, new Date(now - foldHoursBefore * 3_600_000));

				const answer = await uptimeAnswer(`?days=${days}`, { zone, now });
				expect(answer.time_zone).toBe(zone);
				expect([answer.from, answer.to]).toEqual([new Date(from).toISOString(), new Date(now).toISOString()]);
				for (const surfaceId of [FIRST, LAST]) {
					// Insertion order is the tie-break of the audit log (its rowid), as the model's stable sort.
					const changes = lines
						.filter((line) => line.surfaceId === surfaceId)
						.map((line) => ({ at: line.at, state: line.state as (typeof STATES)[number] }))
						.sort((a, b) => a.at - b.at);
					const expected = bruteForceDays(zone, changes, from, now).map((day) => ({
						...day,
						uptime: uptimeOf(day.seconds),
					}));
					const surface = answer.surfaces.find((entry) => entry.id === surfaceId);
					const actual = (surface?.days ?? [])
						.filter((day) => Object.values(day.seconds).some((seconds) => seconds > 0))
						.map((day) => ({
							date: day.date,
							seconds: day.seconds,
							worst: day.worst,
							uptime: day.uptime === null ? null : day.uptime,
						}));
					expect(actual.map((day) => ({ ...day, uptime: null }))).toEqual(
						expected.map((day) => ({ ...day, uptime: null })),
					);
					actual.forEach((day, index) => {
						const want = expected[index]?.uptime ?? null;
						if (want === null) expect(day.uptime).toBeNull();
						else expect(day.uptime).toBeCloseTo(want, 12);
					});
					expect(surface?.days).toHaveLength(days);
				}
			}),
			{ numRuns: runs(25, 250) },
		);
	});
});
