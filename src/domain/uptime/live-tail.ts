/**
 * The most audit rows a history read takes after the rollup's end: the newest, so that the
 * recent days are exact whatever happened to the fold. The cron folds every minute to within
 * twenty minutes of now, which leaves a few hundred rows at most, so the limit is reached only
 * when the fold has fallen behind (a rebuild catching up, a fold that keeps failing); the time
 * before the oldest row read then has no data in the answers until the fold catches up, and the
 * jobs' status shows the fold's lag.
 */
export const LIVE_TAIL_ROWS = 2_000;
