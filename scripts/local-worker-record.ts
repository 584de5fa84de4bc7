/**
 * Where each local Worker `npm start` runs serves and keeps its state: one JSON file per port in
 * .wrangler/local-workers/ (STATUS_LOCAL_WORKERS_DIR moves the folder), written when `npm start`
 * begins and removed when it ends. A record whose process is gone (a start killed outright) is
 * ignored. The local commands (seed, db:query, db:migrate, db:rebuild-rollup --local) read them to
 * find the Worker meant.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";

export const projectRoot = join(import.meta.dirname, "..");

/** wrangler's own default state folder, which `npm start` uses when given no --persist-to. */
export const DEFAULT_PERSIST_TO = ".wrangler/state";

export interface LocalWorkerRecord {
	port: number;
	url: string;
	/** The state folder (wrangler's --persist-to), absolute. */
	persistTo: string;
	/** The `npm start` process that serves it. */
	pid: number;
	startedAt: string;
	/** Where the --stand-ins server answers, if it runs. */
	standIns?: string;
}

export function recordsFolder(): string {
	return resolve(projectRoot, process.env.STATUS_LOCAL_WORKERS_DIR || join(".wrangler", "local-workers"));
}

/** A --persist-to as given on a command line (relative to the project's folder), made absolute. */
export const absoluteState = (persistTo: string): string => resolve(projectRoot, persistTo);

/** A state folder as people read it: relative to the project's folder when inside it. */
export function shownState(persistTo: string): string {
	const inside = relative(projectRoot, persistTo);
	return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : persistTo;
}

const recordFile = (port: number) => join(recordsFolder(), `${port}.json`);

export function writeRecord(record: LocalWorkerRecord): void {
	mkdirSync(recordsFolder(), { recursive: true });
	writeFileSync(recordFile(record.port), `${JSON.stringify(record, null, "\t")}\n`);
}

/** Removes the record of `port`, if it is this process's own. */
export function removeRecord(port: number): void {
	const current = readRecord(join(recordsFolder(), `${port}.json`));
	if (current?.pid === process.pid) rmSync(recordFile(port), { force: true });
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: alive, but another user's.
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

function readRecord(path: string): LocalWorkerRecord | null {
	try {
		const record = JSON.parse(readFileSync(path, "utf8")) as Partial<LocalWorkerRecord>;
		const valid =
			typeof record.port === "number" &&
			typeof record.url === "string" &&
			typeof record.persistTo === "string" &&
			typeof record.pid === "number" &&
			typeof record.startedAt === "string";
		return valid ? (record as LocalWorkerRecord) : null;
	} catch {
		return null;
	}
}

/** The records of local Workers whose `npm start` is still running, by port. */
export function liveRecords(): LocalWorkerRecord[] {
	let names: string[];
	try {
		names = readdirSync(recordsFolder()).filter((name) => /^\d+\.json$/.test(name));
	} catch {
		return [];
	}
	return names
		.map((name) => readRecord(join(recordsFolder(), name)))
		.filter((record): record is LocalWorkerRecord => record !== null && processAlive(record.pid))
		.sort((a, b) => a.port - b.port);
}

/** One line naming a recorded Worker: its URL, state folder and process. */
export const describeRecord = (record: LocalWorkerRecord): string =>
	`${record.url} (state in ${shownState(record.persistTo)}, pid ${record.pid}, started ${record.startedAt})`;
