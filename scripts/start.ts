/**
 * `npm start`: a working local system from a fresh clone, with no Cloudflare account.
 * 0. refuses, before anything else, a port already in use and a state folder another of our local
 *    Workers still uses; then records where it serves (scripts/local-worker-record.ts) until it ends;
 * 1. .dev.vars from .dev.vars.example when missing (harmless local secrets);
 * 2. the drizzle/ migrations applied to the local D1 (Miniflare's SQLite under the state folder);
 * 3. the Worker on http://127.0.0.1:8787 (wrangler dev, its start-up chatter held back: shown only
 *    if it fails; warnings and errors pass);
 * 4. every registered surface seeded, through the running Worker as in production;
 * 5. one line saying where it serves and what to try.
 * Options: --port N (default 8787), --persist-to DIR (default .wrangler/state), --stand-ins (partner
 * pages, probe targets and Turnstile's siteverify answered by scripts/stand-in-server.ts on 127.0.0.1,
 * all operational, every token passing), and
 * any number of --var NAME:VALUE, passed on to wrangler dev (a configuration value for this run only).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { parseArgs, parseEnv } from "node:util";
import { applyLocalMigrations, localWranglerEnv, migrationsSummary } from "./local-d1.ts";
import {
	absoluteState,
	DEFAULT_PERSIST_TO,
	describeRecord,
	liveRecords,
	projectRoot,
	removeRecord,
	shownState,
	writeRecord,
} from "./local-worker-record.ts";
import { seed } from "./seed.ts";
import { operationalAnswer, type StandInServer, standInUrls, startStandInServer } from "./stand-in-server.ts";

const wranglerBin = join(projectRoot, "node_modules", "wrangler", "bin", "wrangler.js");

function finished(child: ChildProcess): Promise<number> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? 1);
	return new Promise((resolve, reject) => {
		child.on("error", reject);
		child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

/** Listens on 127.0.0.1:port for a moment: whether something else holds it. */
function portInUse(port: number): Promise<boolean> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once("error", (error: NodeJS.ErrnoException) =>
			error.code === "EADDRINUSE" || error.code === "EACCES" ? resolve(true) : reject(error),
		);
		probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
	});
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once("error", reject);
		probe.listen(0, "127.0.0.1", () => {
			const address = probe.address();
			probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
		});
	});
}

/** Refuses what would make this Worker fight another: its port taken, its state folder in use. */
async function refuseClashes(port: number, persistTo: string): Promise<void> {
	const running = liveRecords();
	if (await portInUse(port)) {
		const ours = running.find((record) => record.port === port);
		const holder = ours
			? `by another local status-d1 Worker: ${describeRecord(ours)}`
			: "by another program (`ss -ltnp` names it)";
		throw new Error(
			`port ${port} on 127.0.0.1 is already in use ${holder}.\n  Stop it, or start on another port: npm start -- --port N`,
		);
	}
	const sharing = running.find((record) => record.persistTo === persistTo);
	if (sharing) {
		throw new Error(
			`the state folder ${shownState(persistTo)} is in use by another local Worker: ${describeRecord(sharing)}.\n` +
				"  Two Workers on one local D1 would overwrite each other's state: stop it, or start with another --persist-to DIR.",
		);
	}
}

const READY_LINE = /Ready on http/;
/** wrangler's lines that pass even while its start-up chatter is held back. */
const ALARMING = /\[wrangler:(warn|error)\]|✘|▲|\bERROR\b/;
/** The log lines of start's own requests (waiting for the Worker, seeding), which wrangler may print late. */
const OWN_REQUEST = /\] (GET \/api\/status\/public\/surfaces|POST \/api\/internal\/status\/seed-surfaces) /;
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Passes wrangler dev's output through, except what it prints before `open()` (the banner, the
 * bindings table, the request logs of the start itself), which is kept in case the start fails.
 */
function filterOutput(child: ChildProcess) {
	let open = false;
	let openedAt = 0;
	const held: string[] = [];
	const take = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
		let partial = "";
		stream?.on("data", (chunk: Buffer) => {
			const lines = (partial + chunk.toString("utf8")).split("\n");
			partial = lines.pop() ?? "";
			for (const line of lines) {
				const plain = line.replace(ANSI, "");
				if (open) {
					const late = OWN_REQUEST.test(plain) && Date.now() - openedAt < 2000;
					if (!late) out.write(`${line}\n`);
				} else if (ALARMING.test(plain)) process.stderr.write(`${line}\n`);
				else if (!READY_LINE.test(plain)) held.push(line);
			}
		});
	};
	take(child.stdout, process.stdout);
	take(child.stderr, process.stderr);
	return {
		open: () => {
			open = true;
			openedAt = Date.now();
			held.length = 0;
		},
		held: () => held.join("\n"),
	};
}

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
		try {
			const response = await fetch(url);
			await response.body?.cancel();
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`the Worker did not answer ${url} within ${timeoutMs / 1000} s`);
}

function readyLine(origin: string, persistTo: string, standIns: StandInServer | null, alone: boolean): string {
	const pick = alone ? "" : ` -- --port ${new URL(origin).port}`;
	const query = alone
		? ' -- "SELECT surface_id, state FROM surface_state"'
		: `${pick} "SELECT surface_id, state FROM surface_state"`;
	const where = `state in ${shownState(persistTo)}${standIns ? `, partner pages and probes from ${standIns.origin}` : ""}`;
	return (
		`start: status-d1 is serving on ${origin} (${where}); try: npm run db:query${query}, ` +
		`npm run seed${pick}, curl "${origin}/__scheduled?cron=*+*+*+*+*" (one cycle of the jobs); Ctrl-C stops it`
	);
}

/**
 * A .dev.vars written before a secret was added to .dev.vars.example gets that secret's harmless
 * local value appended (never a value changed): the Worker would otherwise fail where it is used.
 */
function addMissingDevVars(devVars: string, example: string): void {
	const have = parseEnv(readFileSync(devVars, "utf8"));
	const missing = Object.entries(parseEnv(readFileSync(example, "utf8"))).filter(([name]) => !(name in have));
	if (missing.length === 0) return;
	const text = readFileSync(devVars, "utf8");
	const lines = missing.map(([name, value]) => `${name}=${JSON.stringify(value)}`);
	writeFileSync(devVars, `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${lines.join("\n")}\n`);
	console.log(`start: added to .dev.vars from .dev.vars.example: ${missing.map(([name]) => name).join(", ")}`);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: "string", default: "8787" },
			"persist-to": { type: "string", default: DEFAULT_PERSIST_TO },
			var: { type: "string", multiple: true },
			"stand-ins": { type: "boolean" },
		},
	});
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`--port must be a port number (1-65535); found '${values.port}'`);
	}
	const persistTo = absoluteState(values["persist-to"]);
	const origin = `http://127.0.0.1:${port}`;
	await refuseClashes(port, persistTo);

	writeRecord({ port, url: origin, persistTo, pid: process.pid, startedAt: new Date().toISOString() });
	process.on("exit", () => removeRecord(port));

	const devVars = join(projectRoot, ".dev.vars");
	const example = join(projectRoot, ".dev.vars.example");
	if (!existsSync(devVars)) {
		copyFileSync(example, devVars);
		console.log("start: created .dev.vars from .dev.vars.example");
	} else {
		addMissingDevVars(devVars, example);
	}
	const token = parseEnv(readFileSync(devVars, "utf8")).STATUS_INTERNAL_WRITE_TOKEN;
	if (!token) throw new Error(".dev.vars has no STATUS_INTERNAL_WRITE_TOKEN");

	console.log(`start: ${migrationsSummary(await applyLocalMigrations(persistTo), persistTo)}`);

	const standIns = values["stand-ins"] ? await startStandInServer({ defaultAnswer: operationalAnswer }) : null;
	if (standIns) {
		writeRecord({
			port,
			url: origin,
			persistTo,
			pid: process.pid,
			startedAt: new Date().toISOString(),
			standIns: standIns.origin,
		});
	}
	// The stand-ins' URLs first: a --var of the same name given on the command line wins.
	const vars = [
		...Object.entries(standIns ? standInUrls(standIns.origin) : {}).map(([name, value]) => `${name}:${value}`),
		...(values.var ?? []),
	].flatMap((pair) => ["--var", pair]);
	// --test-scheduled: GET /__scheduled runs the Cron Trigger locally. A free inspector port: a
	// second Worker would otherwise fail to take wrangler's default 9229.
	const dev = spawn(
		process.execPath,
		[
			wranglerBin,
			"dev",
			"--ip",
			"127.0.0.1",
			"--port",
			String(port),
			"--inspector-port",
			String(await freePort()),
			"--test-scheduled",
			"--persist-to",
			persistTo,
			...vars,
		],
		{
			cwd: projectRoot,
			stdio: ["ignore", "pipe", "pipe"],
			env: { ...localWranglerEnv(), ...(process.stdout.isTTY ? { FORCE_COLOR: "1" } : {}) },
		},
	);
	const output = filterOutput(dev);
	for (const signal of ["SIGINT", "SIGTERM"] as const) {
		process.on(signal, () => dev.kill(signal));
	}
	try {
		await waitUntilServing(`${origin}/api/status/public/surfaces`, dev, 90_000);
		const result = await seed(origin, token);
		console.log(`start: seeded ${result.created} new surface(s), ${result.existing} already present`);
		console.log(readyLine(origin, persistTo, standIns, liveRecords().length <= 1));
		output.open();
	} catch (error) {
		dev.kill("SIGTERM");
		await finished(dev);
		if (output.held()) console.error(output.held());
		await standIns?.close();
		throw error;
	}
	const code = await finished(dev);
	await standIns?.close();
	process.exitCode = code;
}

main().catch((error: unknown) => {
	console.error(`start: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});
