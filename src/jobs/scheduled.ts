import { pageTimeZone } from "../domain/uptime/page-time-zone";
import { foldUptime } from "../verbs/fold-uptime";
import { runStatusJobs } from "./run-status-jobs";

/**
 * What the Cron Trigger does each minute: one cycle of the status jobs, then the uptime rollup
 * folds in the days that have ended. The fold never holds up or fails the cycle: until it runs,
 * public answers read those days live (exact, only slower).
 */
export async function runScheduled(env: Env, now: Date): Promise<void> {
	const cycle = await runStatusJobs(env, now).then(
		() => null,
		(error: unknown) => error,
	);
	try {
		const fold = await foldUptime(env.DB, pageTimeZone(env.STATUS_PAGE_TIME_ZONE), now);
		if (fold.dates.length > 0) {
			console.log(JSON.stringify({ event: "uptime_days_folded", dates: fold.dates, through: fold.foldedThrough }));
		}
	} catch (error) {
		console.error(JSON.stringify({ event: "uptime_fold_failed", error: String(error) }));
	}
	if (cycle !== null) throw cycle;
}
