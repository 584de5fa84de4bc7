/**
 * Which local Worker a local command means: the one named by --port or --persist-to, or else the
 * only one running (from the records `npm start` leaves, scripts/local-worker-record.ts). Several
 * running and none named, or none running: a LocalTargetProblem that says what to do.
 */
import {
	absoluteState,
	describeRecord,
	type LocalWorkerRecord,
	liveRecords,
	recordsFolder,
	shownState,
} from "./local-worker-record.ts";

export class LocalTargetProblem extends Error {}

/** The flags every local command takes to name a Worker. */
export const LOCAL_TARGET_OPTIONS = {
	port: { type: "string" },
	"persist-to": { type: "string" },
} as const;

export interface LocalTargetFlags {
	port?: string | undefined;
	"persist-to"?: string | undefined;
}

/** A running Worker to call over HTTP. */
export interface LocalWorkerTarget {
	url: string;
	record: LocalWorkerRecord | null;
}

/** A local D1 to read or migrate, and the Worker that serves it, if one of ours does. */
export interface LocalStateTarget {
	persistTo: string;
	record: LocalWorkerRecord | null;
}

function portOf(flags: LocalTargetFlags): number | undefined {
	if (flags.port === undefined) return undefined;
	const port = Number(flags.port);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new LocalTargetProblem(`--port must be a port number (1-65535); found '${flags.port}'`);
	}
	return port;
}

function noneRunning(): LocalTargetProblem {
	return new LocalTargetProblem(
		`no local Worker is running (none recorded in ${shownState(recordsFolder())}).\n` +
			"  Start one with `npm start` (in another terminal), or name one: --port N (a Worker serving on 127.0.0.1:N)\n" +
			"  or --persist-to DIR (the state folder it was started with; `npm start` uses .wrangler/state).",
	);
}

function theOnlyOne(): LocalWorkerRecord {
	const running = liveRecords();
	const [only] = running;
	if (only === undefined) throw noneRunning();
	if (running.length > 1) {
		throw new LocalTargetProblem(
			`${running.length} local Workers are running:\n${running.map((record) => `  - ${describeRecord(record)}`).join("\n")}\n  Say which one with --port N.`,
		);
	}
	return only;
}

const recordOnPort = (port: number) => liveRecords().find((record) => record.port === port) ?? null;

/** The Worker to call: --port's (recorded or not), the one using --persist-to, or the only one running. */
export function localWorker(flags: LocalTargetFlags): LocalWorkerTarget {
	const port = portOf(flags);
	if (port !== undefined) {
		return { url: recordOnPort(port)?.url ?? `http://127.0.0.1:${port}`, record: recordOnPort(port) };
	}
	if (flags["persist-to"] !== undefined) {
		const persistTo = absoluteState(flags["persist-to"]);
		const record = liveRecords().find((candidate) => candidate.persistTo === persistTo);
		if (!record) {
			throw new LocalTargetProblem(
				`no local Worker is running on the state folder ${shownState(persistTo)}.\n` +
					`  Start one with \`npm start -- --persist-to ${flags["persist-to"]}\`, or name a running one with --port N.`,
			);
		}
		return { url: record.url, record };
	}
	const record = theOnlyOne();
	return { url: record.url, record };
}

/** The local D1 to use: --persist-to's (no Worker needed), --port's Worker's, or the only Worker's. */
export function localState(flags: LocalTargetFlags): LocalStateTarget {
	const port = portOf(flags);
	if (flags["persist-to"] !== undefined) {
		const persistTo = absoluteState(flags["persist-to"]);
		const record = liveRecords().find((candidate) => candidate.persistTo === persistTo) ?? null;
		return { persistTo, record };
	}
	if (port !== undefined) {
		const record = recordOnPort(port);
		if (!record) {
			throw new LocalTargetProblem(
				`no local Worker of ours is recorded on port ${port} (in ${shownState(recordsFolder())}), so its state folder is unknown.\n` +
					"  Pass the state folder it was started with: --persist-to DIR (`npm start` uses .wrangler/state).",
			);
		}
		return { persistTo: record.persistTo, record };
	}
	const record = theOnlyOne();
	return { persistTo: record.persistTo, record };
}

/** The line each local command prints first: which Worker, or which state folder, it uses. */
export function usingLine(target: { record: LocalWorkerRecord | null; url?: string; persistTo?: string }): string {
	if (target.record) {
		return `using the local Worker at ${target.record.url} (state in ${shownState(target.record.persistTo)})`;
	}
	if (target.persistTo !== undefined) {
		return `using the local D1 in ${shownState(target.persistTo)} (no running Worker of ours uses it)`;
	}
	return `using the Worker at ${target.url} (not one \`npm start\` recorded)`;
}
