/**
 * Rebuilds the uptime history's daily rollup (status_uptime_days) from the audit log alone,
 * through a running Worker, as seed.ts seeds: the Worker forgets the rollup of its page's time zone
 * and folds it again, a few days per call, until it is up to date. Idempotent: running it twice
 * leaves the same rows. Public answers stay exact throughout (what is not folded is read live).
 *
 *   npm run db:rebuild-rollup -- --local     the Worker `npm start` runs (token from .dev.vars);
 *                                            --port N or --persist-to DIR when several run
 *   npm run db:rebuild-rollup -- --remote --worker-url https://status.raxx.app
 *                                            (token from STATUS_INTERNAL_WRITE_TOKEN in the environment)
 *
 * --worker-url may also come from STATUS_WORKER_URL; the token only from the environment (or, with
 * --local, from .dev.vars).
 */
import { parseArgs } from "node:util";
import { LOCAL_TARGET_OPTIONS, localWorker, usingLine } from "./local-worker-target.ts";
import { localWorkerToken, postToWorker, TOKEN_ARGUMENT_REFUSED, TOKEN_VARIABLE } from "./worker-request.ts";

const REBUILD_PATH = "/api/internal/status/rebuild-uptime";
/** 90 days at 15 a call take 7 calls; anything near this bound means the Worker is not folding. */
const MAX_CALLS = 100;

export interface RebuildResult {
	timeZone: string;
	calls: number;
	days: number;
	foldedThrough: string | null;
}

interface StepAnswer {
	time_zone: string;
	dates: string[];
	folded_through: string | null;
	up_to_date: boolean;
}

const step = (workerUrl: string, token: string, restart: boolean) =>
	postToWorker<StepAnswer>(workerUrl, `${REBUILD_PATH}?restart=${restart}`, token, "rebuild");

export async function rebuildRollup(
	workerUrl: string,
	token: string,
	log: (line: string) => void = () => {},
): Promise<RebuildResult> {
	let days = 0;
	for (let calls = 1; calls <= MAX_CALLS; calls += 1) {
		const answer = await step(workerUrl, token, calls === 1);
		days += answer.dates.length;
		if (answer.dates.length > 0) log(`folded ${answer.dates[0]} .. ${answer.dates.at(-1)} (${answer.time_zone})`);
		if (answer.up_to_date) {
			return { timeZone: answer.time_zone, calls, days, foldedThrough: answer.folded_through };
		}
	}
	throw new Error(`the rollup was not up to date after ${MAX_CALLS} calls`);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			...LOCAL_TARGET_OPTIONS,
			local: { type: "boolean" },
			remote: { type: "boolean" },
			"worker-url": { type: "string" },
			// Declared only to refuse it with a message of its own.
			token: { type: "string" },
		},
	});
	if (values.token !== undefined) {
		console.error(`db:rebuild-rollup: ${TOKEN_ARGUMENT_REFUSED}`);
		process.exit(2);
	}
	if (values.local === values.remote) {
		console.error("usage: npm run db:rebuild-rollup -- --local | --remote --worker-url URL");
		process.exit(2);
	}
	const namedUrl = values["worker-url"] || process.env.STATUS_WORKER_URL;
	// --local without a URL: the Worker `npm start` recorded (or --port's, or --persist-to's).
	const local = values.local && !namedUrl ? localWorker(values) : null;
	if (local) console.log(`db:rebuild-rollup: ${usingLine(local)}`);
	const workerUrl = namedUrl || local?.url;
	const token = values.local ? localWorkerToken() : process.env[TOKEN_VARIABLE];
	if (!workerUrl || !token) {
		console.error(
			values.local
				? `db:rebuild-rollup --local reads the token from .dev.vars (npm start creates it), or from ${TOKEN_VARIABLE}`
				: `db:rebuild-rollup --remote needs --worker-url (or STATUS_WORKER_URL)\n       and ${TOKEN_VARIABLE} in the environment`,
		);
		process.exit(2);
	}
	const result = await rebuildRollup(workerUrl, token, (line) => console.log(`db:rebuild-rollup: ${line}`));
	console.log(
		`db:rebuild-rollup: ${result.days} day(s) of ${result.timeZone} rebuilt in ${result.calls} call(s); folded through ${result.foldedThrough ?? "nothing yet"}`,
	);
}

if (import.meta.main) {
	main().catch((error: unknown) => {
		console.error(`db:rebuild-rollup: ${error instanceof Error ? error.message : error}`);
		process.exit(1);
	});
}
