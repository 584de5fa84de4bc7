/**
 * `npm run db:migrate`: drizzle/'s migrations applied to a local D1: the one of the only local
 * Worker running, of the one on --port, or the state folder --persist-to names (no Worker needed).
 * Production: `npm run db:migrate:remote`.
 */
import { parseArgs } from "node:util";
import { applyLocalMigrations, migrationsSummary } from "./local-d1.ts";
import { LOCAL_TARGET_OPTIONS, localState, usingLine } from "./local-worker-target.ts";

async function main(): Promise<void> {
	const { values } = parseArgs({ options: LOCAL_TARGET_OPTIONS });
	const target = localState(values);
	console.log(`db:migrate: ${usingLine(target)}`);
	const applied = await applyLocalMigrations(target.persistTo);
	console.log(`db:migrate: ${migrationsSummary(applied, target.persistTo)}`);
}

main().catch((error: unknown) => {
	console.error(`db:migrate: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});
