import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// What a new isolate evaluates before its first answer: the modules src/index.ts imports
// statically, and theirs (the router and the jobs are imported dynamically, on first use). The
// bundler keeps exactly this graph eager, so it is read here from the sources' import statements.
const root = join(import.meta.dirname, "..", "..");

// `import ... from`, `export ... from` and bare `import "x"`; `import type` and `export type` erase.
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^;]*?\s+from\s+)?["']([^"']+)["'];?$/gms;

async function staticGraph(entry: string): Promise<{ files: Set<string>; packages: Set<string> }> {
	const files = new Set<string>();
	const packages = new Set<string>();
	const pending = [entry];
	for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
		if (files.has(file)) continue;
		files.add(file);
		const text = await readFile(join(root, file), "utf8");
		for (const [, specifier = ""] of text.matchAll(STATIC_IMPORT)) {
			if (!specifier.startsWith(".")) {
				packages.add(specifier);
				continue;
			}
			const target = relative(root, join(root, dirname(file), specifier));
			const candidates = [`${target}.ts`, join(target, "index.ts")];
			const found = (
				await Promise.all(
					candidates.map((path) =>
						readFile(join(root, path)).then(
							() => path,
							() => null,
						),
					),
				)
			).find((path) => path !== null);
			if (!found) throw new Error(`${file} imports ${specifier}, which resolves to no file`);
			pending.push(found);
		}
	}
	return { files, packages };
}

describe("what a new isolate evaluates before its first answer", () => {
	it("holds the fast path and the public reads, and none of the router, Zod, Drizzle or the jobs", async () => {
		const { files, packages } = await staticGraph("src/index.ts");
		expect(files).toContain("src/http/cache/before-routing.ts");
		expect(files).toContain("src/verbs/list-surfaces.ts");
		expect(files).toContain("src/db/data-version.ts");
		for (const file of files) {
			expect(file, "the router and its parts load on first use").not.toMatch(
				/^src\/(app\.ts|http\/(router|schemas|openapi-helpers)\.ts|http\/routes\/|jobs\/|integrations\/)/,
			);
			expect(file, "Drizzle (the schema) is never evaluated at run time").not.toMatch(/^src\/db\/schema\.ts$/);
		}
		expect([...packages].sort()).toEqual(["hono/http-exception"]);
	});

	it("reads the import statements it must: a planted static import of the app is seen", async () => {
		const text = await readFile(join(root, "src/index.ts"), "utf8");
		expect([...text.matchAll(STATIC_IMPORT)].map((match) => match[1])).toEqual([
			"./http/cache/before-routing",
			"./http/cache/isolate-layer",
		]);
		const planted = `${text}\nimport { createApp as eager } from "./app";\n`;
		expect([...planted.matchAll(STATIC_IMPORT)].map((match) => match[1])).toContain("./app");
	});
});
