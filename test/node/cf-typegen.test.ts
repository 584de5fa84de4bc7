import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// The committed worker-configuration.d.ts is what `npm run cf-typegen` writes: wrangler dev
// compares them on every start and warns when they differ. cf-typegen reads the secrets' names
// from .dev.vars.example, so what a developer's .dev.vars holds does not change it.

const root = join(import.meta.dirname, "..", "..");

describe("npm run cf-typegen", () => {
	it("finds the committed worker-configuration.d.ts up to date", async () => {
		const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "cf-typegen", "--", "--check"], {
			cwd: root,
			env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
			timeout: 90_000,
		});
		expect(stdout).toContain("Types at worker-configuration.d.ts are up to date.");
	}, 120_000);
});
