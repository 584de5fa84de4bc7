/**
 * An internal call to a running Worker, as the ops scripts make it: POST with the service token,
 * the JSON answer back, or an Error that carries the problem+json's detail. The token goes to the
 * origin named and nowhere else: over https (http only on this machine's loopback), never after a
 * redirect, and only from the environment (TOKEN_VARIABLE) or, for a Worker `npm start` runs, from
 * .dev.vars: never from the command line.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/** Where the ops scripts read the internal token from: the environment, as the Worker's secret is named. */
export const TOKEN_VARIABLE = "STATUS_INTERNAL_WRITE_TOKEN";

/** Hosts on this machine, the only ones the token may reach over plain http. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** What is wrong with a Worker URL the token would be sent to, or null. */
export function workerUrlProblem(workerUrl: string): string | null {
	let url: URL;
	try {
		url = new URL(workerUrl);
	} catch {
		return `the Worker URL '${workerUrl}' is not a URL`;
	}
	if (url.username !== "" || url.password !== "") return "the Worker URL must not carry user information";
	if (url.protocol === "https:") return null;
	if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
	return `the Worker URL must be https:// (http:// only for a Worker on this machine: 127.0.0.1, ::1, localhost); found ${url.protocol}//${url.host}`;
}

/** What to tell someone who put the token on the command line. */
export const TOKEN_ARGUMENT_REFUSED = `--token is refused: a command line is visible to every user of this machine and kept in shell history. Put the token in ${TOKEN_VARIABLE} in the environment (for example: read -rs ${TOKEN_VARIABLE}; export ${TOKEN_VARIABLE}).`;

const NOT_RUNNING_HINT =
	"Is the Worker running there? Locally, `npm start` runs one (and the local commands find it without --worker-url).";

/** Why fetch() reached nothing: its cause's code and message (fetch itself only says "fetch failed"). */
function unreachableCause(error: unknown): string {
	const cause = error instanceof Error ? error.cause : undefined;
	if (cause instanceof Error) {
		const code = (cause as NodeJS.ErrnoException).code;
		return code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
	}
	return error instanceof Error ? error.message : String(error);
}

/** The token of a local Worker: the environment's, or the one `npm start` put in .dev.vars. */
export function localWorkerToken(): string | undefined {
	const devVars = join(import.meta.dirname, "..", ".dev.vars");
	const fromFile = existsSync(devVars) ? parseEnv(readFileSync(devVars, "utf8"))[TOKEN_VARIABLE] : undefined;
	return process.env[TOKEN_VARIABLE] || fromFile;
}

export async function postToWorker<T>(workerUrl: string, path: string, token: string, what: string): Promise<T> {
	const problem = workerUrlProblem(workerUrl);
	if (problem !== null) throw new Error(`${what} refused: ${problem}`);
	const url = new URL(path, workerUrl);
	let response: Response;
	try {
		response = await fetch(url, {
			method: "POST",
			headers: { "X-Internal-Status-Token": token },
			redirect: "manual",
		});
	} catch (error) {
		throw new Error(
			`${what} failed: nothing answered at ${url.origin} (${unreachableCause(error)}). ${NOT_RUNNING_HINT}`,
		);
	}
	if (response.status >= 300 && response.status < 400) {
		await response.body?.cancel();
		const location = response.headers.get("Location") ?? "(no Location)";
		throw new Error(
			`${what} failed: HTTP ${response.status} from ${url.origin} redirects to ${location}; redirects are not followed (the token goes to the Worker named and nowhere else): name the Worker's own URL`,
		);
	}
	const text = await response.text();
	if (!response.ok) {
		let detail = text;
		try {
			detail = (JSON.parse(text) as { detail?: string }).detail ?? text;
		} catch {}
		throw new Error(`${what} failed: HTTP ${response.status} from ${url.origin}: ${detail}`);
	}
	return JSON.parse(text) as T;
}
