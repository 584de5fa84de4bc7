import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join, relative } from "node:path";
import { parseEnv, promisify } from "node:util";

// The Worker as `npm start` starts it (migrate, serve with wrangler dev, seed), on a free port of
// 127.0.0.1 and a database of its own, for the tests that look at it from outside. Its record
// (scripts/local-worker-record.ts) goes to a folder of its own too, unless the test names one: a
// test's Worker is never the one an operator's `npm run seed` finds.

const root = join(import.meta.dirname, "..", "..");
const node = process.execPath;
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");

export interface LocalWorker {
	origin: string;
	/** Where its local D1 lives, relative to the project's root. */
	persistTo: string;
	/** The internal write token it runs with (.dev.vars). */
	token: string;
	/** The folder its record is in (STATUS_LOCAL_WORKERS_DIR). */
	recordsDir: string;
	/** What `npm start` printed so far. */
	output: () => string;
	/** The runbook's `wrangler d1 execute --local` against its database. */
	d1Execute: (command: string) => Promise<Record<string, unknown>[]>;
	stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
		});
	});
}

export interface StartOptions {
	/** The records' folder (default: a temporary one, removed by stop()). */
	recordsDir?: string;
	/** More arguments for `npm start` (e.g. --stand-ins). */
	args?: string[];
	/** Started as a newcomer does, through `npm start` (npm's own lines included in the output). */
	throughNpm?: boolean;
}

function groupAlive(group: number): boolean {
	try {
		process.kill(-group, 0);
		return true;
	} catch {
		return false;
	}
}

/** Starts it; `vars` are configuration values for this run (wrangler dev --var). */
export async function startLocalWorker(
	vars: Record<string, string> = {},
	options: StartOptions = {},
): Promise<LocalWorker> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	await mkdir(join(root, ".wrangler"), { recursive: true });
	const persistTo = relative(root, await mkdtemp(join(root, ".wrangler", "e2e-state-")));
	const ownRecords = options.recordsDir === undefined;
	const recordsDir = options.recordsDir ?? (await mkdtemp(join(root, ".wrangler", "e2e-records-")));
	const varArgs = Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
	const startArgs = ["--port", String(port), "--persist-to", persistTo, ...varArgs, ...(options.args ?? [])];
	const start: ChildProcess = spawn(
		options.throughNpm ? "npm" : node,
		options.throughNpm ? ["start", "--", ...startArgs] : ["scripts/start.ts", ...startArgs],
		{
			cwd: root,
			detached: true,
			env: { ...process.env, WRANGLER_SEND_METRICS: "false", STATUS_LOCAL_WORKERS_DIR: recordsDir },
		},
	);
	let output = "";
	start.stdout?.on("data", (chunk) => {
		output += chunk;
	});
	start.stderr?.on("data", (chunk) => {
		output += chunk;
	});
	const stop = async () => {
		if (start.pid && start.exitCode === null && start.signalCode === null) {
			const exited = new Promise((resolve) => start.on("exit", resolve));
			process.kill(-start.pid, "SIGTERM");
			await exited;
		}
		// Through npm, npm may end before `npm start` and wrangler have: wait for the whole group.
		for (const deadline = Date.now() + 30_000; start.pid && groupAlive(start.pid) && Date.now() < deadline; ) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		await rm(join(root, persistTo), { recursive: true, force: true });
		if (ownRecords) await rm(recordsDir, { recursive: true, force: true });
	};
	const deadline = Date.now() + 120_000;
	while (!output.includes("status-d1 is serving")) {
		if (start.exitCode !== null || Date.now() > deadline) {
			await stop();
			throw new Error(`npm start failed:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	// npm start creates .dev.vars from the example when missing; the Worker runs with its token.
	const token = parseEnv(await readFile(join(root, ".dev.vars"), "utf8")).STATUS_INTERNAL_WRITE_TOKEN ?? "";
	const d1Execute = async (command: string) => {
		const { stdout } = await promisify(execFile)(
			node,
			[
				wranglerBin,
				"d1",
				"execute",
				"raxx-status-db",
				"--local",
				"--persist-to",
				persistTo,
				"--json",
				"--command",
				command,
			],
			{ cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
		);
		return (JSON.parse(stdout) as { results: Record<string, unknown>[] }[])[0]?.results ?? [];
	};
	return { origin, persistTo, token, recordsDir, output: () => output, d1Execute, stop };
}
