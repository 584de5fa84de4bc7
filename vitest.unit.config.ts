import { defineConfig } from "vitest/config";

// The pure rules (src/domain, src/lib, the escaping of feeds and badges): unit tests in Node,
// milliseconds each, and what StrykerJS mutates and runs (stryker.config.json). `npm test` runs
// them as one project of vitest.config.ts.
export default defineConfig({
	test: {
		name: "unit",
		environment: "node",
		include: ["test/unit/**/*.test.ts"],
	},
});
