import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { unstable_readConfig } from "wrangler";
import { TEST_SECRETS } from "./test/test-secrets.ts";

const WRANGLER_CONFIG = "./wrangler.toml";

export default defineConfig(async () => {
	const migrations = await readD1Migrations("./drizzle");
	// wrangler.toml's [vars] alone, pinned as bindings: wrangler lays a developer's .dev.vars or .env
	// over them, and the tests must not run with a developer's settings (test/node/test-settings.test.ts).
	const vars = unstable_readConfig({ config: WRANGLER_CONFIG }).vars;
	return {
		test: {
			// Logs of passing tests are noise (the jobs log every poll); a failing test shows its own.
			silent: "passed-only" as const,
			projects: [
				{
					// Everything that touches the Worker runs inside workerd against real local D1.
					plugins: [
						cloudflareTest(({ inject }) => ({
							wrangler: { configPath: WRANGLER_CONFIG },
							miniflare: {
								bindings: {
									...vars,
									...TEST_SECRETS,
									TEST_MIGRATIONS: migrations,
									// Partner pages and probe targets are served from 127.0.0.1 (test/partner-status-server.ts).
									PARTNER_SERVER: inject("partnerServerOrigin"),
									// `npm run test:stress` runs the property tests far longer.
									STRESS: process.env.STATUS_STRESS === "1" ? "1" : "0",
									// Replays a failing model-based run: the seed and path fast-check printed.
									MODEL_SEED: process.env.STATUS_MODEL_SEED ?? "",
									MODEL_PATH: process.env.STATUS_MODEL_PATH ?? "",
									// Notification receivers in tests are on 127.0.0.1 too.
									NOTIFICATIONS_ALLOW_LOOPBACK: "true",
								},
								// wrangler.toml's consumer settings, with batches that do not wait a second to fill.
								queueConsumers: {
									"status-notify": {
										maxBatchSize: 10,
										maxBatchTimeout: 0.05,
										maxRetries: 30,
										deadLetterQueue: "status-notify-dlq",
									},
									"status-notify-dlq": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 10 },
								},
							},
						})),
					],
					test: {
						name: "worker",
						globalSetup: ["./test/partner-status-server.ts"],
						include: ["test/worker/**/*.test.ts"],
						setupFiles: ["./test/worker/apply-migrations.ts"],
						testTimeout: 30_000,
					},
				},
				// The pure rules, in Node (and under StrykerJS: npm run test:mutation).
				"./vitest.unit.config.ts",
				{
					// The HTML page in Debian's chromium, against the Worker as `npm start` runs it.
					test: {
						name: "browser",
						environment: "node",
						include: ["test/browser/**/*.test.ts"],
						testTimeout: 120_000,
						hookTimeout: 180_000,
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
