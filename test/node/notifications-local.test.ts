import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { root } from "../support/docs.ts";
import { freePort, type LocalWorker, startLocalWorker } from "../support/local-worker.ts";

// The README's "Tell people", as a newcomer does it: the Worker as `npm start` runs it with
// loopback receivers allowed, `npm run receiver` with the webhook's secret, a webhook, a Slack and
// a Discord subscriber, then an incident through the FreeScout webhook. The receiver prints one
// line per delivery; the webhook's signature verifies.

const node = join(root, "node_modules", ".bin", "node");
let worker: LocalWorker;
let receiver: ChildProcess | undefined;
let printed = "";

beforeAll(async () => {
	worker = await startLocalWorker({ NOTIFICATIONS_ALLOW_LOOPBACK: "true" });
}, 180_000);

afterAll(async () => {
	if (receiver?.pid) process.kill(receiver.pid);
	await worker?.stop();
});

async function subscribe(kind: string, url: string): Promise<{ id: string; secret?: string }> {
	const response = await fetch(`${worker.origin}/api/internal/status/subscribers`, {
		method: "POST",
		headers: { "Content-Type": "application/json", "X-Internal-Status-Token": worker.token },
		body: JSON.stringify({ kind, name: `local ${kind}`, url }),
	});
	expect(response.status).toBe(201);
	return (await response.json()) as { id: string; secret?: string };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`${what}; the receiver printed:\n${printed}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

it("a webhook, a Slack and a Discord subscriber each receive the incident; the webhook's signature verifies", async () => {
	const port = await freePort();
	const hook = `http://127.0.0.1:${port}`;
	const webhook = await subscribe("webhook", `${hook}/webhook`);
	expect(webhook.secret).toMatch(/^whsec_/);
	receiver = spawn(
		node,
		["scripts/notification-receiver.ts", "--port", String(port), "--secret", webhook.secret ?? ""],
		{
			cwd: root,
		},
	);
	receiver.stdout?.on("data", (chunk) => {
		printed += chunk;
	});
	await until(() => printed.includes("listening"), "the receiver did not start");
	await subscribe("slack", `${hook}/slack`);
	await subscribe("discord", `${hook}/discord`);

	const secrets = parseEnv(await readFile(join(root, ".dev.vars"), "utf8"));
	const payload = JSON.stringify({
		event: "conversation.created",
		event_id: "local-notify-1",
		ticket: {
			id: 9101,
			status: "open",
			updated_at: new Date(Date.now() - 5_000).toISOString().replace(/\.\d+Z$/, "Z"),
			custom_fields: [
				{ slug: "component_tag", value: "deposits" },
				{ slug: "public_status", value: "Deposits are delayed" },
				{ slug: "incident_severity", value: "partial" },
			],
		},
	});
	const signature = `sha256=${createHmac("sha256", secrets.FREESCOUT_WEBHOOK_SECRET ?? "")
		.update(payload)
		.digest("hex")}`;
	const opened = await fetch(`${worker.origin}/api/internal/status/freescout-webhook`, {
		method: "POST",
		headers: { "Content-Type": "application/json", "X-FreeScout-Signature": signature },
		body: payload,
	});
	expect(opened.status).toBe(200);

	await until(() => printed.split("\n").filter((line) => line.includes(" POST ")).length >= 3, "three deliveries");
	const lines = printed.split("\n").filter((line) => line.includes(" POST "));
	expect(lines.find((line) => line.includes("/webhook"))).toMatch(
		/incident\.created; signature verified \(webhook-id msg_/,
	);
	expect(lines.find((line) => line.includes("/slack"))).toMatch(/chat: .*Deposits/);
	expect(lines.find((line) => line.includes("/discord"))).toMatch(/chat: .*Deposits/);
	expect(lines).toHaveLength(3);
}, 120_000);
