/**
 * `npm run db:query -- "SELECT ..."`: SQL on the local D1 of a local Worker (the only one running,
 * or the one named by --port or --persist-to), answered as a table (`--json`: wrangler's JSON rows).
 *
 *   npm run db:query -- "SELECT surface_id, state FROM surface_state ORDER BY surface_id"
 *   npm run db:query -- --json --port 8790 "SELECT * FROM status_audit_log ORDER BY created_at DESC LIMIT 5"
 *   npm run db:query -- --persist-to .wrangler/state "SELECT * FROM status_uptime_fold"   (no Worker needed)
 */
import { parseArgs } from "node:util";
import { hasLocalD1, queryLocalD1, type Row } from "./local-d1.ts";
import { shownState } from "./local-worker-record.ts";
import { LOCAL_TARGET_OPTIONS, LocalTargetProblem, localState, usingLine } from "./local-worker-target.ts";

const USAGE = 'usage: npm run db:query -- [--json] [--port N | --persist-to DIR] "SELECT ..."';

function cell(value: unknown): string {
	if (value === null || value === undefined) return "NULL";
	return typeof value === "string" ? value : JSON.stringify(value);
}

/** Rows as a plain text table: a header, a rule, a line per row, and the count. */
export function table(rows: readonly Row[]): string {
	if (rows.length === 0) return "(no rows)";
	const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
	const lines = [columns, ...rows.map((row) => columns.map((column) => cell(row[column])))];
	const widths = columns.map((_, index) => Math.max(...lines.map((line) => (line[index] ?? "").length)));
	const format = (line: string[]) =>
		line
			.map((text, index) => text.padEnd(widths[index] ?? 0))
			.join(" | ")
			.trimEnd();
	const [header = [], ...body] = lines;
	return [
		format(header),
		widths.map((width) => "-".repeat(width)).join("-+-"),
		...body.map(format),
		`(${rows.length} row${rows.length === 1 ? "" : "s"})`,
	].join("\n");
}

async function main(): Promise<void> {
	const { values, positionals } = parseArgs({
		options: { ...LOCAL_TARGET_OPTIONS, json: { type: "boolean" } },
		allowPositionals: true,
	});
	const sql = positionals.join(" ").trim();
	if (sql === "") {
		console.error(USAGE);
		process.exit(2);
	}
	const target = localState(values);
	if (!hasLocalD1(target.persistTo)) {
		throw new LocalTargetProblem(
			`there is no local D1 in ${shownState(target.persistTo)} yet: \`npm start\` (or \`npm run db:migrate -- --persist-to DIR\`) makes it`,
		);
	}
	// The JSON alone on stdout, so that it can be piped.
	console.error(`db:query: ${usingLine(target)}`);
	const statements = await queryLocalD1(target.persistTo, sql);
	if (values.json) {
		console.log(JSON.stringify(statements.length === 1 ? statements[0] : statements, null, 2));
		return;
	}
	console.log(statements.map(table).join("\n\n"));
}

if (import.meta.main) {
	main().catch((error: unknown) => {
		console.error(`db:query: ${error instanceof Error ? error.message : error}`);
		process.exit(1);
	});
}
