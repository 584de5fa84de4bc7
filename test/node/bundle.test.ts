import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

// The deployed artifact itself: `wrangler deploy --dry-run` builds what `npm run deploy` uploads
// (minified, no kept names, zod's locales replaced: wrangler.toml), and workerd runs it. The worker
// tests run the sources through Vite, so this is where the bundle's own settings are proven.
const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");
const TOKEN = "bundle-test-token";
// The budget catches a dependency pulled in whole (zod's locales were a third of the bundle), not features.
const MAX_BUNDLE_BYTES = 650 * 1024;

let scratch: string;
let code: string;
let mf: Miniflare;
let origin: string;

const wrangler = (args: string[]) =>
	run(process.execPath, [wranglerBin, ...args], {
		cwd: root,
		env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
		maxBuffer: 16 * 1024 * 1024,
	});

beforeAll(async () => {
	await mkdir(join(root, ".wrangler"), { recursive: true });
	scratch = await mkdtemp(join(root, ".wrangler", "bundle-test-"));
	const out = join(scratch, "dist");
	const state = join(scratch, "state");
	await wrangler(["deploy", "--dry-run", "--outdir", relative(root, out)]);
	await wrangler(["d1", "migrations", "apply", "raxx-status-db", "--local", "--persist-to", relative(root, state)]);
	code = await readFile(join(out, "index.js"), "utf8");
	mf = new Miniflare(
		convertV4MiniflareOptions({
			host: "127.0.0.1",
			port: 0,
			resourcePersistencePath: join(state, "v3"),
			workers: [
				{
					name: "status",
					modules: true,
					scriptPath: join(out, "index.js"),
					modulesRoot: out,
					compatibilityDate: "2026-11-01",
					// Local D1 keeps a database under its id: the one wrangler.toml names, as wrangler migrated it.
					d1Databases: {
						DB: unstable_readConfig({ config: join(root, "wrangler.toml") }).d1_databases[0]?.database_id ?? "",
					},
					bindings: { STATUS_INTERNAL_WRITE_TOKEN: TOKEN, PUBLIC_CACHE_SECONDS: "0" },
					unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
				},
			],
		}),
	);
	await mf.ready;
	origin = (await mf.unsafeGetDirectURL("status")).href.replace(/\/$/, "");
}, 120_000);

afterAll(async () => {
	await mf?.dispose();
	if (scratch) await rm(scratch, { recursive: true, force: true });
});

const update = (body: unknown) =>
	fetch(`${origin}/api/internal/status/update-surface`, {
		method: "POST",
		headers: { "Content-Type": "application/json", "X-Internal-Status-Token": TOKEN },
		body: JSON.stringify(body),
	});

describe("the deployed bundle", () => {
	it("is minified, within its size budget, and carries zod's English messages only", () => {
		expect(code.length).toBeLessThan(MAX_BUNDLE_BYTES);
		// Minified: the line breaks left are the ones inside multi-line SQL text (about 400); the same
		// bundle unminified has over 25,000.
		expect(code.split("\n").length).toBeLessThan(1_000);
		expect(code).not.toContain("Ungültige Eingabe");
		expect(code).not.toContain("Entrada inválida");
	});

	it("answers the public page before routing and writes through the router, as workerd runs it", async () => {
		const clock = await fetch(`${origin}/api/status/public/widgets/market-time`);
		expect(clock.status).toBe(200);
		expect(await clock.json()).toMatchObject({ timezone: "America/New_York" });

		const written = await update({ surface_id: "charts", state: "PARTIAL", state_source: "manual", actor: "ops" });
		expect(written.status).toBe(200);
		expect(await written.json()).toMatchObject({ applied: true, held_by: null, surface: { state: "PARTIAL" } });

		const board = await fetch(`${origin}/api/status/public/surfaces`);
		expect(board.status).toBe(200);
		expect(board.headers.get("Access-Control-Allow-Origin")).toBe("*");
		const { surfaces } = (await board.json()) as { surfaces: { id: string; state: string }[] };
		expect(surfaces.find((surface) => surface.id === "charts")?.state).toBe("PARTIAL");
	});

	it("still validates with zod's English messages, as problem+json", async () => {
		const refused = await update({ surface_id: "charts", state: "SIDEWAYS", state_source: "manual", actor: "ops" });
		expect(refused.status).toBe(400);
		expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
		const problem = (await refused.json()) as { code: string; errors: { in: string; path: string; message: string }[] };
		expect(problem.code).toBe("validation_failed");
		expect(problem.errors).toEqual([
			{ in: "body", path: "state", message: expect.stringMatching(/^Invalid option: expected one of/) },
		]);
	});
});
