/**
 * `npm start`: a working local system from a fresh clone, with no Cloudflare account.
 * 1. .dev.vars from .dev.vars.example when missing (harmless local secrets);
 * 2. the drizzle/ migrations applied to the local D1 (Miniflare's SQLite under .wrangler/);
 * 3. the Worker on http://127.0.0.1:8787 (wrangler dev);
 * 4. every registered surface seeded, through the running Worker as in production.
 * Options: --port N (default 8787), --persist-to DIR (default .wrangler/state), and any number of
 * --var NAME:VALUE, passed on to wrangler dev (a configuration value for this run only).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, parseEnv } from "node:util";
import { seed } from "./seed.ts";

const root = join(import.meta.dirname, "..");
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");

function wrangler(args: string[], stdio: "inherit" | "pipe" = "inherit"): ChildProcess {
	return spawn(process.execPath, [wranglerBin, ...args], { cwd: root, stdio, env: process.env });
}

function finished(child: ChildProcess): Promise<number> {
	return new Promise((resolve, reject) => {
		child.on("error", reject);
		child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
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

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: "string", default: "8787" },
			"persist-to": { type: "string" },
			var: { type: "string", multiple: true },
		},
	});
	const persist = values["persist-to"] ? ["--persist-to", values["persist-to"]] : [];
	const origin = `http://127.0.0.1:${values.port}`;

	const devVars = join(root, ".dev.vars");
	if (!existsSync(devVars)) {
		copyFileSync(join(root, ".dev.vars.example"), devVars);
		console.log("start: created .dev.vars from .dev.vars.example");
	}
	const token = parseEnv(readFileSync(devVars, "utf8")).STATUS_INTERNAL_WRITE_TOKEN;
	if (!token) throw new Error(".dev.vars has no STATUS_INTERNAL_WRITE_TOKEN");

	const migrated = await finished(wrangler(["d1", "migrations", "apply", "raxx-status-db", "--local", ...persist]));
	if (migrated !== 0) throw new Error(`applying local migrations failed (exit ${migrated})`);

	// --test-scheduled: GET /__scheduled runs the Cron Trigger locally.
	const vars = (values.var ?? []).flatMap((pair) => ["--var", pair]);
	const dev = wrangler(["dev", "--ip", "127.0.0.1", "--port", values.port, "--test-scheduled", ...persist, ...vars]);
	for (const signal of ["SIGINT", "SIGTERM"] as const) {
		process.on(signal, () => dev.kill(signal));
	}
	try {
		await waitUntilServing(`${origin}/api/status/public/surfaces`, dev, 90_000);
		const result = await seed(origin, token);
		console.log(`start: seeded ${result.created} new surface(s), ${result.existing} already present`);
		console.log(`start: status-d1 is serving on ${origin} (Ctrl-C to stop)`);
	} catch (error) {
		dev.kill("SIGTERM");
		throw error;
	}
	process.exitCode = await finished(dev);
}

main().catch((error: unknown) => {
	console.error(`start: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});
