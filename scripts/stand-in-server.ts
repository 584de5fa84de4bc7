/**
 * A stand-in for partner status pages and probe targets on 127.0.0.1, so that the Worker's poller
 * and prober make real HTTP requests without leaving the machine (the tests; `npm start -- --stand-ins`).
 *   GET /fixture/<file>   serves <fixtures>/<file> (when started with a fixtures folder)
 *   PUT /script/<key>     takes a JSON list of responses
 *                         [{status, body, contentType, delayMs, location, headers, bodyDelayMs, padBytes}]
 *   GET /script/<key>     answers the next one (the last one repeats); a key never scripted gets its
 *                         default answer, if the server has one, or 404
 *   POST /script/<key>    the same answer, and the request is recorded (a notification receiver)
 *   GET /received/<key>   the recorded POSTs: [{headers, body}], oldest first
 * standInUrls() points every partner poll at /script/partner-<id> (an operational page in the
 * partner's format by default), every probe at /script/probe-<id> (200 by default) and Turnstile's
 * siteverify at /script/turnstile-siteverify (success by default; siteverifyAnswer() scripts others).
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { type PartnerStatusFormat, SURFACES } from "../src/surfaces/registry.ts";

export interface ScriptedResponse {
	status?: number;
	body?: string;
	contentType?: string;
	delayMs?: number;
	/** A Location header (redirects). */
	location?: string;
	/** Other response headers (a receiver's Retry-After). */
	headers?: Record<string, string>;
	/** Milliseconds between the status line and the body. */
	bodyDelayMs?: number;
	/** Spaces streamed before the body, in 64 KiB chunks: a large body that is still valid JSON. */
	padBytes?: number;
}

export interface StandInOptions {
	/** The folder GET /fixture/<file> serves; no /fixture/ route without it. */
	fixtures?: string;
	/** The answer to a key never scripted (undefined: 404). */
	defaultAnswer?: (key: string) => ScriptedResponse | undefined;
	/** 0 (the default): any free port. */
	port?: number;
}

export interface StandInServer {
	origin: string;
	close: () => Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString("utf8");
}

export async function startStandInServer(options: StandInOptions = {}): Promise<StandInServer> {
	const scripts = new Map<string, ScriptedResponse[]>();
	const received = new Map<string, { headers: Record<string, string>; body: string }[]>();
	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? "/", "http://127.0.0.1");
		const [, kind, key = ""] = url.pathname.split("/");
		if (request.method === "PUT" && kind === "script") {
			scripts.set(key, JSON.parse(await readBody(request)) as ScriptedResponse[]);
			response.writeHead(204).end();
			return;
		}
		if (request.method === "GET" && kind === "received") {
			response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(received.get(key) ?? []));
			return;
		}
		if (request.method === "POST" && kind === "script") {
			const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
			received.set(key, [...(received.get(key) ?? []), { headers, body: await readBody(request) }]);
		}
		if (kind === "fixture" && options.fixtures !== undefined) {
			try {
				const body = await readFile(join(options.fixtures, key.replaceAll("/", "")), "utf8");
				response.writeHead(200, { "Content-Type": "application/json" }).end(body);
			} catch {
				response.writeHead(404).end("no such fixture");
			}
			return;
		}
		const queue = scripts.get(key);
		const next = queue && queue.length > 1 ? queue.shift() : (queue?.[0] ?? options.defaultAnswer?.(key));
		if (!next) {
			response.writeHead(404).end("no script");
			return;
		}
		if (next.delayMs) await new Promise((resolve) => setTimeout(resolve, next.delayMs));
		if (response.destroyed) return;
		response.writeHead(next.status ?? 200, {
			"Content-Type": next.contentType ?? "application/json",
			...(next.location ? { Location: next.location } : {}),
			...next.headers,
		});
		if (next.bodyDelayMs) {
			response.flushHeaders();
			await new Promise((resolve) => setTimeout(resolve, next.bodyDelayMs));
		}
		const chunk = " ".repeat(64 * 1024);
		for (let sent = 0; sent < (next.padBytes ?? 0) && !response.destroyed; sent += chunk.length) {
			if (!response.write(chunk)) {
				await new Promise((resolve) => {
					response.once("drain", resolve);
					response.once("close", resolve);
				});
			}
		}
		response.end(next.body ?? "");
	});
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(options.port ?? 0, "127.0.0.1", resolve);
	});
	const address = server.address();
	if (typeof address !== "object" || address === null) throw new Error("the stand-in server has no port");
	return {
		origin: `http://127.0.0.1:${address.port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/** An "all operational" page in each format the poller reads. */
const OPERATIONAL_PAGES: Record<PartnerStatusFormat, unknown> = {
	statuspage: { status: { indicator: "none", description: "All Systems Operational" } },
	instatus: { page: { status: "UP" }, activeIncidents: [], activeMaintenances: [] },
	statusio: { result: { status_overall: { status_code: 100 }, status: [] } },
	heroku: {
		status: ["Apps", "Data", "Tools"].map((system) => ({ system, status: "green" })),
		incidents: [],
		scheduled: [],
	},
};

/** Where standInUrls() sends Turnstile's siteverify. */
export const SITEVERIFY_STAND_IN_KEY = "turnstile-siteverify";

/** A siteverify answer: success, or failure with Cloudflare's error codes (e.g. "timeout-or-duplicate"). */
export function siteverifyAnswer(success: boolean, errorCodes: string[] = [], action = "subscribe"): ScriptedResponse {
	const answer = success
		? { success, "error-codes": [], challenge_ts: new Date().toISOString(), hostname: "127.0.0.1", action }
		: { success, "error-codes": errorCodes };
	return { body: JSON.stringify(answer) };
}

/** `npm start -- --stand-ins`'s answers: every partner operational, every probe target 200, every token passes. */
export function operationalAnswer(key: string): ScriptedResponse | undefined {
	if (key === SITEVERIFY_STAND_IN_KEY) return siteverifyAnswer(true);
	const [role = "", ...rest] = key.split("-");
	const surface = SURFACES.find((candidate) => candidate.id === rest.join("-"));
	if (role === "partner" && surface?.kind === "partner") {
		return { body: JSON.stringify(OPERATIONAL_PAGES[surface.poll.format]) };
	}
	if (role === "probe" && surface?.kind === "first-party") return { contentType: "text/plain", body: "ok" };
	return undefined;
}

/** The Worker's vars that send every partner poll, probe and Turnstile verification to the stand-in at `origin`. */
export function standInUrls(origin: string): {
	STATUS_PARTNER_URLS: string;
	STATUS_PROBE_URLS: string;
	TURNSTILE_VERIFY_URL: string;
} {
	const partners = SURFACES.filter((surface) => surface.kind === "partner").map((surface) => [
		surface.id,
		`${origin}/script/partner-${surface.id}`,
	]);
	const probes = SURFACES.filter((surface) => surface.kind === "first-party" && surface.probe).map((surface) => [
		surface.id,
		`${origin}/script/probe-${surface.id}`,
	]);
	return {
		STATUS_PARTNER_URLS: JSON.stringify(Object.fromEntries(partners)),
		STATUS_PROBE_URLS: JSON.stringify(Object.fromEntries(probes)),
		TURNSTILE_VERIFY_URL: `${origin}/script/${SITEVERIFY_STAND_IN_KEY}`,
	};
}
