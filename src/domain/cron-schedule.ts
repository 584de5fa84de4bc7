// The Cron Trigger's schedule. Imported by scripts/check-deploy-config.ts as well, so it imports nothing.

/** The Cron Trigger runs a cycle every minute; `npm run check` refuses any other schedule. */
export const CYCLE_MS = 60_000;

/** A job that has not run for this many cycles is stale: the cron is not firing, or the job is not reached. */
export const STALE_AFTER_CYCLES = 3;

/** The Cron Trigger's schedule, and the spelling of it the deploy check also accepts. */
export const EVERY_MINUTE = "* * * * *";
const EVERY_MINUTE_SPELLINGS = new Set([EVERY_MINUTE, "*/1 * * * *"]);

/**
 * Why a deploy's cron triggers break the jobs' health (`npm run check`), or null: the cycle must
 * run every minute, once, for "stale after three cycles" (and next_run_at) to mean three minutes.
 */
export function cronScheduleProblem(crons: readonly unknown[]): string | null {
	const [only, ...more] = crons;
	if (more.length === 0 && typeof only === "string" && EVERY_MINUTE_SPELLINGS.has(only.trim().replace(/\s+/g, " "))) {
		return null;
	}
	return `triggers.crons must be exactly ["${EVERY_MINUTE}"] (every minute): the jobs' health counts a job stale after ${STALE_AFTER_CYCLES} one-minute cycles; found ${JSON.stringify(crons)}`;
}
