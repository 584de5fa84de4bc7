/**
 * `npm run receiver`: a notification receiver on 127.0.0.1 for local development. It answers every
 * POST with 204 and prints one line per request: the path, the event (a generic webhook's `type`,
 * a chat message's first words) and, when the request is signed and `--secret whsec_...` names its
 * secret, whether the Standard Webhooks signature verifies (as the `standardwebhooks` package a
 * receiver would use checks it). Subscribers may post to it only when the Worker runs with
 * NOTIFICATIONS_ALLOW_LOOPBACK=true (`npm start -- --var NOTIFICATIONS_ALLOW_LOOPBACK:true`).
 *   npm run receiver -- [--port 8789] [--secret whsec_...]
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { Webhook } from "standardwebhooks";

const { values } = parseArgs({
	options: { port: { type: "string", default: "8789" }, secret: { type: "string", multiple: true, default: [] } },
});

function summary(body: string): string {
	try {
		const parsed = JSON.parse(body) as Record<string, unknown>;
		if (typeof parsed.type === "string") return parsed.type;
		if (typeof parsed.text === "string") return `chat: ${parsed.text.slice(0, 80)}`;
		const embeds = parsed.embeds as { title?: string }[] | undefined;
		if (embeds?.[0]?.title) return `chat: ${embeds[0].title.slice(0, 80)}`;
		if (parsed.attachments) return "chat: an Adaptive Card";
		if (parsed.incident || parsed.component) return `statuspage: ${Object.keys(parsed).join(", ")}`;
		return "a JSON body";
	} catch {
		return "a body that is not JSON";
	}
}

function signature(headers: Record<string, string>, body: string): string {
	if (!headers["webhook-signature"]) return "unsigned";
	for (const secret of values.secret ?? []) {
		try {
			new Webhook(secret).verify(body, headers);
			return `signature verified (webhook-id ${headers["webhook-id"]})`;
		} catch {}
	}
	return values.secret?.length ? "signature NOT verified" : "signed (give --secret to verify)";
}

const server = createServer((request, response) => {
	const chunks: Buffer[] = [];
	request.on("data", (chunk: Buffer) => chunks.push(chunk));
	request.on("end", () => {
		const body = Buffer.concat(chunks).toString("utf8");
		const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
		console.log(
			`${new Date().toISOString()} ${request.method} ${request.url}: ${summary(body)}; ${signature(headers, body)}`,
		);
		response.writeHead(request.method === "POST" ? 204 : 405).end();
	});
});
server.listen(Number(values.port), "127.0.0.1", () => {
	console.log(`receiver: listening on http://127.0.0.1:${values.port}/ (Ctrl-C stops it)`);
});
