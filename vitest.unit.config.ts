import { defineConfig } from "vitest/config";

// The pure rules (src/domain, src/lib, the escaping of feeds and badges): unit tests in Node,
// milliseconds each, and what StrykerJS mutates and runs (stryker.config.json). `npm test` runs
// them as one project of vitest.config.ts.
export default defineConfig({
	test: {
		name: "unit",
		environment: "node",
		include: ["test/unit/**/*.test.ts"],
		// Milliseconds each in the normal suite; test:stress runs the properties 50 times longer.
		testTimeout: 120_000,
	},
});
