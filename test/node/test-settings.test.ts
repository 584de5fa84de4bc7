import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";

// The tests run with wrangler.toml's [vars], whatever a developer keeps in .dev.vars or .env (which
// wrangler lays over [vars] for `wrangler dev`): vitest.config.ts pins them as bindings. Proven on
// a copy of the repository, so no settings file is ever written into it.

const root = join(import.meta.dirname, "..", "..");
const COPIED = [
	"src",
	"scripts",
	"test",
	"drizzle",
	"package.json",
	"wrangler.toml",
	"vitest.config.ts",
	"vitest.unit.config.ts",
	"tsconfig.json",
	"worker-configuration.d.ts",
];
const scratch: string[] = [];
afterAll(async () => {
	await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

it("a developer's .dev.vars and .env (PUBLIC_CACHE_SECONDS=0) do not reach the tests", async () => {
	const copy = await mkdtemp(join(tmpdir(), "status-d1-settings-"));
	scratch.push(copy);
	await Promise.all(COPIED.map((name) => cp(join(root, name), join(copy, name), { recursive: true })));
	await symlink(join(root, "node_modules"), join(copy, "node_modules"), "dir");
	await writeFile(join(copy, ".dev.vars"), "PUBLIC_CACHE_SECONDS=0\nSTATUS_PAGE_TIME_ZONE=Asia/Tokyo\n");
	await writeFile(join(copy, ".env"), "PUBLIC_CACHE_SECONDS=0\n");
	// The uptime cache tests fail when the Cache API is off (PUBLIC_CACHE_SECONDS=0).
	const run = promisify(execFile)(
		process.execPath,
		[join(copy, "node_modules/vitest/vitest.mjs"), "run", "--project", "worker", "test/worker/uptime/cache.test.ts"],
		{
			cwd: copy,
			env: { ...process.env, STATUS_STRESS: "0", NO_COLOR: "1", FORCE_COLOR: "0" },
			maxBuffer: 16 * 1024 * 1024,
		},
	);
	const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
		throw new Error(`the uptime cache tests failed in the copy:\n${error.stdout ?? ""}\n${error.stderr ?? ""}`);
	});
	expect(stdout).toMatch(/Tests\s.*\d+ passed/);
	expect(stdout).not.toMatch(/failed/);
}, 300_000);
