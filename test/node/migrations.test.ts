import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const drizzleKit = join(root, "node_modules", ".bin", "drizzle-kit");

async function listTree(dir: string): Promise<Record<string, string>> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	const files: Record<string, string> = {};
	for (const entry of entries.filter((e) => e.isFile())) {
		const path = join(entry.parentPath, entry.name);
		files[path.slice(dir.length + 1)] = await readFile(path, "utf8");
	}
	return files;
}

const scratch: string[] = [];
afterAll(async () => {
	await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("committed migrations", () => {
	it("match src/db/schema.ts: drizzle-kit generate against a copy of drizzle/ changes nothing", async () => {
		// drizzle-kit resolves --out relative to the working directory, so the scratch copy lives in the project.
		await mkdir(join(root, ".wrangler"), { recursive: true });
		const out = await mkdtemp(join(root, ".wrangler", "drizzle-check-"));
		scratch.push(out);
		await cp(join(root, "drizzle"), out, { recursive: true });
		const before = await listTree(out);

		const { stdout } = await run(
			drizzleKit,
			["generate", "--dialect", "sqlite", "--schema", "./src/db/schema.ts", "--out", relative(root, out)],
			{ cwd: root, env: { ...process.env, PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH}` } },
		);

		expect(stdout).toMatch(/No schema changes/);
		expect(await listTree(out)).toEqual(before);
	});

	it("are named NNNN_description.sql, numbered without gaps, and listed in drizzle's journal", async () => {
		const sqlFiles = (await readdir(join(root, "drizzle"))).filter((name) => name.endsWith(".sql")).sort();
		expect(sqlFiles[0]).toBe("0000_initial.sql");
		sqlFiles.forEach((name, index) => {
			expect(name).toMatch(new RegExp(`^${String(index).padStart(4, "0")}_[a-z0-9_]+\\.sql$`));
		});
		const journal = JSON.parse(await readFile(join(root, "drizzle", "meta", "_journal.json"), "utf8")) as {
			entries: { tag: string }[];
		};
		expect(journal.entries.map((entry) => `${entry.tag}.sql`)).toEqual(sqlFiles);
	});
});
