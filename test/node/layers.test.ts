import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const biome = join(root, "node_modules", ".bin", "biome");

/**
 * The dependency rule, stated here independently of biome.json: lowest level first, and a layer
 * may import only layers of lower levels (layers sharing a level may not import each other).
 */
const LEVELS: readonly (readonly string[])[] = [
	["lib", "paths"],
	["domain"],
	["surfaces"],
	["db", "integrations", "public-cache"],
	["verbs"],
	["notify"],
	["jobs"],
	["http"],
	["app", "index"],
];
const FILE_LAYERS = new Set(["paths", "app", "index"]);
const levelOf = (layer: string) => LEVELS.findIndex((level) => level.includes(layer));
const importerLayers = LEVELS.flat().filter((layer) => layer !== "app" && layer !== "index");

/** Where a planted file of `layer` goes, and how it names `target` from there. */
function plant(layer: string, target: string, nested: boolean) {
	const name = `planted-${target}`;
	if (layer === "paths")
		return { file: "src/paths.ts", specifier: FILE_LAYERS.has(target) ? `./${target}` : `./${target}/x` };
	const dir = nested ? `src/${layer}/deeper` : `src/${layer}`;
	const up = nested ? "../../" : "../";
	return {
		file: `${dir}/${name}.ts`,
		specifier: FILE_LAYERS.has(target) ? `${up}${target}` : `${up}${target}/x`,
	};
}

interface Diagnostic {
	category: string;
	location: { path: string };
}

const scratch: string[] = [];
afterAll(async () => {
	await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs the project's biome.json over a copy of src/ with the given files planted into it. */
async function lintWithPlants(files: Record<string, string>): Promise<Diagnostic[]> {
	const dir = await mkdtemp(join(tmpdir(), "status-d1-layers-"));
	scratch.push(dir);
	await cp(join(root, "src"), join(dir, "src"), { recursive: true });
	await cp(join(root, "biome.json"), join(dir, "biome.json"));
	for (const [file, text] of Object.entries(files)) {
		await mkdir(dirname(join(dir, file)), { recursive: true });
		await writeFile(join(dir, file), text);
	}
	const { stdout } = await run(
		biome,
		["lint", "--vcs-enabled=false", "--reporter=json", "--max-diagnostics=none", "src"],
		{
			cwd: dir,
			maxBuffer: 16 * 1024 * 1024,
		},
	).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
	return (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

describe("the layer rule (biome.json noRestrictedImports)", () => {
	const forbidden: Record<string, string> = {};
	const allowed: Record<string, string> = {};
	for (const layer of importerLayers) {
		for (const target of LEVELS.flat()) {
			if (target === layer) continue;
			const wrong = levelOf(target) >= levelOf(layer);
			for (const nested of layer === "paths" ? [false] : [false, true]) {
				const { file, specifier } = plant(layer, target, nested);
				if (layer === "paths") {
					// src/paths.ts is one file: it imports nothing of src, so every target is wrong there.
					forbidden[`${file}#${target}`] = specifier;
					continue;
				}
				(wrong ? forbidden : allowed)[file] = specifier;
			}
		}
	}
	const source = (specifier: string) => `import { x } from "${specifier}";\nexport const planted = x;\n`;

	let diagnostics: Diagnostic[] = [];
	let pathsDiagnostics: Diagnostic[][] = [];
	beforeAll(async () => {
		const plants = Object.fromEntries(
			[...Object.entries(forbidden), ...Object.entries(allowed)]
				.filter(([key]) => !key.includes("#"))
				.map(([file, specifier]) => [file, source(specifier)]),
		);
		diagnostics = await lintWithPlants(plants);
		// src/paths.ts can hold one planted import at a time.
		const pathPlants = Object.entries(forbidden).filter(([key]) => key.includes("#"));
		pathsDiagnostics = await Promise.all(
			pathPlants.map(([, specifier]) => lintWithPlants({ "src/paths.ts": source(specifier) })),
		);
	}, 60_000);

	const flagged = (list: Diagnostic[], file: string) =>
		list.some((d) => d.category === "lint/style/noRestrictedImports" && d.location.path === file);

	it("fails on every planted import of a layer at or above the importer's level", () => {
		const missed = Object.entries(forbidden)
			.filter(([key]) => !key.includes("#"))
			.filter(([file]) => !flagged(diagnostics, file))
			.map(([file, specifier]) => `${file} -> ${specifier}`);
		expect(missed).toEqual([]);
		expect(Object.keys(forbidden).length).toBeGreaterThan(60);
	});

	it("fails on any import of src from src/paths.ts", () => {
		expect(pathsDiagnostics.length).toBe(LEVELS.flat().length - 1);
		for (const list of pathsDiagnostics) expect(flagged(list, "src/paths.ts")).toBe(true);
	});

	it("lets every layer import the layers below it", () => {
		const refused = Object.keys(allowed).filter((file) => flagged(diagnostics, file));
		expect(refused).toEqual([]);
		expect(Object.keys(allowed).length).toBeGreaterThan(40);
	});

	it("keeps hono, drizzle and zod out of the pure layers, and hono out of storage and verbs", async () => {
		const packages = {
			"src/domain/planted-hono.ts": "hono",
			"src/domain/planted-zod.ts": "zod",
			"src/domain/planted-drizzle.ts": "drizzle-orm/sqlite-core",
			"src/surfaces/planted-hono.ts": "@hono/zod-openapi",
			"src/public-cache/planted-drizzle.ts": "drizzle-orm",
			"src/db/planted-hono.ts": "hono/factory",
			"src/verbs/planted-hono.ts": "@hono/zod-openapi",
		};
		const list = await lintWithPlants(
			Object.fromEntries(Object.entries(packages).map(([file, specifier]) => [file, source(specifier)])),
		);
		expect(Object.keys(packages).filter((file) => !flagged(list, file))).toEqual([]);
	}, 60_000);

	it("passes the project's own src as it is", async () => {
		expect((await lintWithPlants({})).filter((d) => d.category === "lint/style/noRestrictedImports")).toEqual([]);
	}, 60_000);
});
