/**
 * Vitest global setup (Node): a stand-in for partner status pages and probe targets on
 * 127.0.0.1, so the Worker's poller and prober make real HTTP requests in tests.
 *   GET /fixture/<file>   serves test/fixtures/partners/<file>
 *   PUT /script/<key>     takes a JSON list of responses
 *                         [{status, body, contentType, delayMs, location, padBytes}]
 *   GET /script/<key>     answers the next one (the last one repeats)
 * The origin reaches the Worker tests as the PARTNER_SERVER binding.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

interface ScriptedResponse {
	status?: number;
	body?: string;
	contentType?: string;
	delayMs?: number;
	/** A Location header (redirects). */
	location?: string;
	/** Spaces streamed before the body, in 64 KiB chunks: a large body that is still valid JSON. */
	padBytes?: number;
}

declare module "vitest" {
	export interface ProvidedContext {
		partnerServerOrigin: string;
	}
}

const fixtures = join(import.meta.dirname, "fixtures", "partners");

async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString("utf8");
}

export default async function setup(project: TestProject) {
	const scripts = new Map<string, ScriptedResponse[]>();
	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? "/", "http://127.0.0.1");
		const [, kind, key = ""] = url.pathname.split("/");
		if (request.method === "PUT" && kind === "script") {
			scripts.set(key, JSON.parse(await readBody(request)) as ScriptedResponse[]);
			response.writeHead(204).end();
			return;
		}
		if (kind === "fixture") {
			try {
				const body = await readFile(join(fixtures, key.replaceAll("/", "")), "utf8");
				response.writeHead(200, { "Content-Type": "application/json" }).end(body);
			} catch {
				response.writeHead(404).end("no such fixture");
			}
			return;
		}
		const queue = scripts.get(key);
		const next = queue && queue.length > 1 ? queue.shift() : queue?.[0];
		if (!next) {
			response.writeHead(404).end("no script");
			return;
		}
		if (next.delayMs) await new Promise((resolve) => setTimeout(resolve, next.delayMs));
		if (response.destroyed) return;
		response.writeHead(next.status ?? 200, {
			"Content-Type": next.contentType ?? "application/json",
			...(next.location ? { Location: next.location } : {}),
		});
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
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const address = server.address();
	if (typeof address !== "object" || address === null) throw new Error("partner status server has no port");
	project.provide("partnerServerOrigin", `http://127.0.0.1:${address.port}`);
	return async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	};
}
