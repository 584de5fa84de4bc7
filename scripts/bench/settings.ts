// Where the bench keeps its files, and the environment switches it reads (see scripts/bench.ts).
import { join } from "node:path";

export const root = join(import.meta.dirname, "..", "..");
export const scratch = join(root, ".wrangler", "bench");
export const bundle = join(scratch, "dist");
export const persistTo = join(scratch, "state");
export const seconds = Number(process.env.BENCH_SECONDS ?? 3);
export const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
export const coldRounds = Number(process.env.BENCH_COLD_ROUNDS ?? 15);
/** BENCH_ONLY=cached: the cached reads alone, on the page's own data (no history, no cold start). */
export const cachedOnly = process.env.BENCH_ONLY === "cached";
/** BENCH_ONLY=amplification: only the burst of every uptime variant, on the page's own data. */
export const amplificationOnly = process.env.BENCH_ONLY === "amplification";
/** BENCH_ONLY=notifications: only the notifications bench (writes with 10,000 subscribers, 10,000 deliveries). */
export const notificationsOnly = process.env.BENCH_ONLY === "notifications";
/** BENCH_ONLY=uncached: only the uncached reads, without and with the history (no cached reads, no write). */
export const uncachedOnly = process.env.BENCH_ONLY === "uncached";
/** BENCH_ONLY=profile: only where a miss's time goes, on the loaded database (scripts/bench/miss-profile.ts). */
export const profileOnly = process.env.BENCH_ONLY === "profile";
/** BENCH_MATCH=text: with BENCH_ONLY=cached, only the entries whose name contains the text. */
export const nameFilter = process.env.BENCH_MATCH ?? "";
export const TOKEN = "bench-token";
