/**
 * The local D1 (Miniflare's SQLite under a state folder) through the project's own wrangler, with
 * wrangler's output kept: applying the migrations and running SQL, each answered in a few words
 * (or with wrangler's whole output when it fails).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, shownState } from "./local-worker-record.ts";

const wranglerBin = join(projectRoot, "node_modules", "wrangler", "bin", "wrangler.js");
const DATABASE = "raxx-status-db";

/** wrangler's environment for local work: no fetch of Request.cf from workers.cloudflare.com (offline, it prints a stack trace). */
export function localWranglerEnv(): NodeJS.ProcessEnv {
	return { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false" };
}

interface WranglerRun {
	code: number;
	stdout: string;
	stderr: string;
}

function runWrangler(args: string[]): Promise<WranglerRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [wranglerBin, ...args], {
			cwd: projectRoot,
			env: localWranglerEnv(),
			stdio: ["ignore", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (chunk) => {
			stdout += chunk;
		});
		child.stderr.on("data", (chunk) => {
			stderr += chunk;
		});
		child.on("error", reject);
		child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), stdout, stderr }));
	});
}

/** Applies drizzle/'s migrations not yet applied; their file names (none when it was up to date). */
export async function applyLocalMigrations(persistTo: string): Promise<string[]> {
	const run = await runWrangler(["d1", "migrations", "apply", DATABASE, "--local", "--persist-to", persistTo]);
	if (run.code !== 0) {
		throw new Error(
			`applying the migrations to the local D1 in ${shownState(persistTo)} failed (wrangler exit ${run.code}):\n${run.stdout}${run.stderr}`,
		);
	}
	return [...new Set(run.stdout.match(/\b\d{4}_[\w-]+\.sql\b/g) ?? [])].sort();
}

/** One line about what applyLocalMigrations did. */
export function migrationsSummary(applied: readonly string[], persistTo: string): string {
	if (applied.length === 0) return `the local D1 in ${shownState(persistTo)} is up to date (no migration to apply)`;
	const names = applied.length === 1 ? applied[0] : `${applied[0]} .. ${applied.at(-1)}`;
	return `applied ${applied.length} migration(s) (${names}) to the local D1 in ${shownState(persistTo)}`;
}

/** Whether a state folder holds a local D1 already (wrangler would make an empty one silently). */
export const hasLocalD1 = (persistTo: string): boolean => existsSync(join(persistTo, "v3", "d1"));

export type Row = Record<string, unknown>;

/** Runs SQL (one or more statements) on the local D1: each statement's rows. */
export async function queryLocalD1(persistTo: string, sql: string): Promise<Row[][]> {
	const run = await runWrangler([
		"d1",
		"execute",
		DATABASE,
		"--local",
		"--persist-to",
		persistTo,
		"--json",
		"--command",
		sql,
	]);
	let answer: unknown;
	try {
		answer = JSON.parse(run.stdout);
	} catch {
		throw new Error(`wrangler d1 execute failed (exit ${run.code}):\n${run.stdout}${run.stderr}`);
	}
	if (!Array.isArray(answer)) {
		const text = (answer as { error?: { text?: string } }).error?.text;
		throw new Error(text ?? `wrangler d1 execute failed (exit ${run.code}): ${run.stdout}`);
	}
	return answer.map((statement: { results?: Row[] }) => statement.results ?? []);
}
