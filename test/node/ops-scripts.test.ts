import { execFile } from "node:child_process";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { rebuildRollup } from "../../scripts/rebuild-rollup.ts";
import { seed } from "../../scripts/seed.ts";
import { TOKEN_VARIABLE, workerUrlProblem } from "../../scripts/worker-request.ts";
import { REDIRECT_STATUSES } from "../worker/hostile/corpus.ts";

// The ops scripts (seed, db:rebuild-rollup) send the internal token to the Worker named and nowhere
// else: a redirect is an error, plain http only on loopback, the token only from the environment.

const root = join(import.meta.dirname, "..", "..");
const TOKEN = "ops-scripts-test-token";

interface Listening {
	server: Server;
	origin: string;
	seen: IncomingHttpHeaders[];
}

/** A server on 127.0.0.1 at a port of its own in 18000-18999, answering with `answer`. */
async function listen(
	host: string,
	answer: (url: string, reply: (status: number, headers?: Record<string, string>) => void) => void,
): Promise<Listening> {
	const seen: IncomingHttpHeaders[] = [];
	const server = createServer((request, response) => {
		seen.push(request.headers);
		answer(request.url ?? "/", (status, headers = {}) => {
			response.writeHead(status, headers);
			response.end(status < 300 ? '{"created":0,"existing":24,"total":24}' : "");
		});
	});
	for (let attempt = 0; ; attempt += 1) {
		const port = 18000 + Math.floor(Math.random() * 1000);
		try {
			await new Promise<void>((resolve, reject) => {
				server.once("error", reject);
				server.listen(port, "127.0.0.1", () => resolve());
			});
			return { server, origin: `http://${host}:${port}`, seen };
		} catch (error) {
			if (attempt >= 20) throw error;
		}
	}
}

let elsewhere: Listening;
let redirecting: Listening;
let redirectStatus = 302;

beforeAll(async () => {
	// Another origin: the same machine at another port, as a redirect would name it.
	elsewhere = await listen("127.0.0.1", (_url, reply) => reply(200, { "Content-Type": "application/json" }));
	redirecting = await listen("127.0.0.1", (url, reply) =>
		reply(redirectStatus, { Location: `${elsewhere.origin}${url}` }),
	);
});

afterAll(async () => {
	for (const { server } of [elsewhere, redirecting]) await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
	vi.restoreAllMocks();
	elsewhere.seen.length = 0;
	redirecting.seen.length = 0;
});

describe("a redirect from the Worker URL", () => {
	it.each(REDIRECT_STATUSES)(
		"HTTP %i: seed and db:rebuild-rollup fail naming the Location, and the token never reaches it",
		async (status) => {
			redirectStatus = status;
			for (const run of [() => seed(redirecting.origin, TOKEN), () => rebuildRollup(redirecting.origin, TOKEN)]) {
				const failure = run();
				await expect(failure).rejects.toThrow(
					`HTTP ${status} from ${redirecting.origin} redirects to ${elsewhere.origin}/`,
				);
				await expect(failure).rejects.toThrow(/redirects are not followed/);
			}
			expect(redirecting.seen).toHaveLength(2);
			expect(redirecting.seen[0]?.["x-internal-status-token"]).toBe(TOKEN);
			expect(elsewhere.seen).toEqual([]);
		},
	);

	it("the other origin does answer, so nothing but the refusal kept the token from it", async () => {
		expect(await seed(elsewhere.origin, TOKEN)).toEqual({ created: 0, existing: 24, total: 24 });
		expect(elsewhere.seen[0]?.["x-internal-status-token"]).toBe(TOKEN);
	});
});

describe("the Worker URL's scheme", () => {
	it("refuses http to anything but loopback, and any userinfo, before any request", async () => {
		const fetched = vi.spyOn(globalThis, "fetch");
		for (const url of [
			"http://status.raxx.app",
			"http://raxx-status-worker.example.workers.dev",
			"http://10.0.0.7:8787",
			"http://127.0.0.2:8787",
			"http://localhost.raxx.app",
			"ftp://status.raxx.app",
			"https://ops:secret@status.raxx.app",
			"status.raxx.app",
		]) {
			await expect(seed(url, TOKEN), url).rejects.toThrow(/^seed refused: the Worker URL /);
			await expect(rebuildRollup(url, TOKEN), url).rejects.toThrow(/^rebuild refused: the Worker URL /);
		}
		expect(fetched).not.toHaveBeenCalled();
	});

	it("takes https anywhere and http on 127.0.0.1, ::1 and localhost", () => {
		for (const url of [
			"https://status.raxx.app",
			"https://raxx-status-worker.example.workers.dev",
			"http://127.0.0.1:8787",
			"http://[::1]:8787",
			"http://localhost:8787",
		]) {
			expect(workerUrlProblem(url), url).toBeNull();
		}
		expect(workerUrlProblem("http://status.raxx.app")).toMatch(
			/must be https:\/\/ .*found http:\/\/status\.raxx\.app$/,
		);
	});
});

describe("the token on the command line", () => {
	const run = (script: string, args: string[], env: Record<string, string> = {}) =>
		promisify(execFile)(process.execPath, [join("scripts", script), ...args], {
			cwd: root,
			env: { ...process.env, [TOKEN_VARIABLE]: "", STATUS_WORKER_URL: "", ...env },
		}).then(
			() => ({ code: 0, stderr: "" }),
			(error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
		);

	it.each([
		["seed.ts", ["--worker-url", "REDIRECTING", "--token", TOKEN]],
		["seed.ts", ["--worker-url", "REDIRECTING", `--token=${TOKEN}`]],
		["rebuild-rollup.ts", ["--remote", "--worker-url", "REDIRECTING", "--token", TOKEN]],
		["rebuild-rollup.ts", ["--local", "--token", TOKEN]],
	])("%s %j is refused with where to put it, before any request", async (script, args) => {
		const answer = await run(
			script,
			args.map((arg) => arg.replace("REDIRECTING", redirecting.origin)),
		);
		expect(answer.code).toBe(2);
		expect(answer.stderr).toMatch(
			/--token is refused: .*Put the token in STATUS_INTERNAL_WRITE_TOKEN in the environment/,
		);
		expect(redirecting.seen).toEqual([]);
	});

	it("the token from the environment reaches the Worker named", async () => {
		const answer = await run("seed.ts", ["--worker-url", elsewhere.origin], { [TOKEN_VARIABLE]: TOKEN });
		expect(answer).toEqual({ code: 0, stderr: "" });
		expect(elsewhere.seen[0]?.["x-internal-status-token"]).toBe(TOKEN);
	});

	it("without the token in the environment, the usage says where it goes", async () => {
		const answer = await run("seed.ts", ["--worker-url", elsewhere.origin]);
		expect(answer.code).toBe(2);
		expect(answer.stderr).toContain("with STATUS_INTERNAL_WRITE_TOKEN in the environment");
		const remote = await run("rebuild-rollup.ts", ["--remote", "--worker-url", "https://status.raxx.app"]);
		expect(remote.code).toBe(2);
		expect(remote.stderr).toContain("STATUS_INTERNAL_WRITE_TOKEN in the environment");
		expect(elsewhere.seen).toEqual([]);
	});

	it("http to a remote Worker is refused by the script itself, before any request", async () => {
		const answer = await run("seed.ts", ["--worker-url", "http://status.raxx.app"], { [TOKEN_VARIABLE]: TOKEN });
		expect(answer.code).toBe(1);
		expect(answer.stderr).toMatch(/seed refused: the Worker URL must be https:\/\//);
	});
});
