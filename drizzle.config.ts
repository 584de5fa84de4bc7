import { defineConfig } from "drizzle-kit";

// Generation only: migrations are applied by `wrangler d1 migrations apply` (migrations_dir = "drizzle").
export default defineConfig({
	dialect: "sqlite",
	schema: "./src/db/schema.ts",
	out: "./drizzle",
});
