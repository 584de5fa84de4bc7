import { describe, expect, it } from "vitest";
import { cronScheduleProblem } from "../../src/domain/cron-schedule";
import { CYCLE_MS, foldLag, jobHealth, nextCycleAt, STALE_AFTER_MS } from "../../src/domain/job-health";
import { FOLD_GRACE_MS, FOLD_STEP_MS } from "../../src/domain/uptime/fold-plan";

const T = Date.UTC(2026, 11, 3, 3, 15, 0);

describe("a job's health from its last run", () => {
	it("is never_run without one", () => {
		expect(jobHealth(null, T)).toBe("never_run");
	});

	it("is the last run's outcome for three cycles after it started, stale from the moment after", () => {
		expect(STALE_AFTER_MS).toBe(3 * CYCLE_MS);
		for (const outcome of ["ok", "failed"] as const) {
			expect(jobHealth({ startedAt: T, outcome }, T)).toBe(outcome);
			expect(jobHealth({ startedAt: T, outcome }, T + 3 * CYCLE_MS)).toBe(outcome);
			expect(jobHealth({ startedAt: T, outcome }, T + 3 * CYCLE_MS + 1)).toBe("stale");
			expect(jobHealth({ startedAt: T, outcome }, T + 24 * 60 * CYCLE_MS)).toBe("stale");
		}
	});

	it("is its outcome for a run stamped after now (a clock ahead): not stale", () => {
		expect(jobHealth({ startedAt: T + CYCLE_MS, outcome: "ok" }, T)).toBe("ok");
	});
});

describe("the next cycle", () => {
	it("is the next minute boundary, a whole minute ahead on a boundary itself", () => {
		expect(nextCycleAt(T)).toBe(T + CYCLE_MS);
		expect(nextCycleAt(T + 1)).toBe(T + CYCLE_MS);
		expect(nextCycleAt(T + CYCLE_MS - 1)).toBe(T + CYCLE_MS);
	});
});

describe("the uptime rollup's lag", () => {
	it("is up to date when it reaches the grid point a fold may reach, behind by the rest", () => {
		const target = Math.floor((T - FOLD_GRACE_MS) / FOLD_STEP_MS) * FOLD_STEP_MS;
		expect(foldLag(target, T)).toEqual({ lagMs: T - target, behindMs: 0, upToDate: true });
		expect(foldLag(target - FOLD_STEP_MS, T)).toEqual({
			lagMs: T - target + FOLD_STEP_MS,
			behindMs: FOLD_STEP_MS,
			upToDate: false,
		});
	});
});

describe("the cron schedule a deploy may carry", () => {
	it("is every minute, once", () => {
		expect(cronScheduleProblem(["* * * * *"])).toBeNull();
		expect(cronScheduleProblem(["*/1  * * * *"])).toBeNull();
		for (const crons of [[], ["*/5 * * * *"], ["0 * * * *"], ["* * * * *", "* * * * *"], [42]]) {
			expect(cronScheduleProblem(crons), JSON.stringify(crons)).toMatch(
				/^triggers\.crons must be exactly \["\* \* \* \* \*"\] \(every minute\)/,
			);
		}
	});
});
