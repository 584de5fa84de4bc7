import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_SECRETS } from "./test/test-secrets.ts";

export default defineConfig(async () => {
	const migrations = await readD1Migrations("./drizzle");
	return {
		test: {
			projects: [
				{
					// Everything that touches the Worker runs inside workerd against real local D1.
					plugins: [
						cloudflareTest({
							wrangler: { configPath: "./wrangler.toml" },
							miniflare: { bindings: { ...TEST_SECRETS, TEST_MIGRATIONS: migrations } },
						}),
					],
					test: {
						name: "worker",
						include: ["test/worker/**/*.test.ts"],
						setupFiles: ["./test/worker/apply-migrations.ts"],
						testTimeout: 30_000,
					},
				},
				{
					// Tooling that only runs in Node: drizzle-kit's view of the schema, the ops scripts.
					test: {
						name: "node",
						environment: "node",
						include: ["test/node/**/*.test.ts"],
						testTimeout: 60_000,
					},
				},
			],
		},
	};
});
