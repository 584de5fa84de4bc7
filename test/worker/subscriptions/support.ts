import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../../src/index";
import { randomId } from "../../../src/lib/random-id";
import { type ConsumerOptions, consumeNotifications } from "../../../src/notify/consumer";
import type { NotifyMessage } from "../../../src/notify/messages";
import { PUBLIC_PATHS } from "../../../src/paths";
import { BASE_URL } from "../support/http";
import { clearTables } from "../support/tables";

/** Every table empty, the subscription tables too. */
export async function clearAll(): Promise<void> {
	await clearTables();
	await env.DB.batch([
		env.DB.prepare("DELETE FROM subscription_requests"),
		env.DB.prepare("DELETE FROM subscription_suppressions"),
	]);
}

/** What the queue was sent, instead of sending it: a test then hands it to the consumer itself. */
export function recordingQueue() {
	const sent: NotifyMessage[] = [];
	const queue = {
		send: async (body: NotifyMessage) => {
			sent.push(body);
		},
		sendBatch: async (messages: { body: NotifyMessage }[]) => {
			sent.push(...messages.map((message) => message.body));
		},
	} as unknown as Queue;
	return { queue, sent };
}

/** Calls the Worker's entry point with `overrides` laid over the test bindings, waiting for its waitUntil work. */
export async function callWith(path: string, init: RequestInit = {}, overrides: Partial<Env> = {}): Promise<Response> {
	const ctx = createExecutionContext();
	const request = new Request<unknown, IncomingRequestCfProperties>(
		`${BASE_URL}${path}`,
		init as RequestInit<IncomingRequestCfProperties>,
	);
	const response = await worker.fetch(request, { ...env, ...overrides }, ctx);
	await waitOnExecutionContext(ctx);
	return response;
}

export const jsonInit = (body: unknown): RequestInit => ({
	method: "POST",
	headers: { "Content-Type": "application/json" },
	body: typeof body === "string" ? body : JSON.stringify(body),
});

export const formInit = (fields: [string, string][]): RequestInit => ({
	method: "POST",
	headers: { "Content-Type": "application/x-www-form-urlencoded" },
	body: new URLSearchParams(fields).toString(),
});

/** Rate limiters that let everything through: the real ones count across tests (guard.test.ts tests them). */
const UNLIMITED = { limit: async () => ({ success: true }) } as RateLimit;
export const NO_RATE_LIMITS: Partial<Env> = {
	SUBSCRIBE_CLIENT_LIMITER: UNLIMITED,
	SUBSCRIBE_ADDRESS_LIMITER: UNLIMITED,
};

/**
 * A subscribe whose confirm message is kept (returned), not sent to the real queue; without rate
 * limits unless `overrides` brings them (the same address is subscribed more often than they allow).
 */
export async function subscribe(init: RequestInit, overrides: Partial<Env> = NO_RATE_LIMITS) {
	const { queue, sent } = recordingQueue();
	const response = await callWith(PUBLIC_PATHS.subscriptions, init, { ...overrides, NOTIFY_QUEUE: queue });
	return { response, sent };
}

export interface SentMail {
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	headers?: Record<string, string>;
}

/** env.EMAIL as a recorder: what would have been mailed; `fail` makes each send throw. */
export function recordingEmail(fail = false) {
	const mails: SentMail[] = [];
	const binding = {
		send: async (message: SentMail) => {
			if (fail) throw new Error("Email Service is unavailable");
			mails.push(message);
			return { messageId: randomId("mail_") };
		},
	} as unknown as SendEmail;
	return { binding, mails };
}

/** One `confirm` message through the consumer, as Queues would hand it over: its ack or retry. */
export async function consumeConfirm(
	requestId: string,
	overrides: Partial<Env> = {},
	options: ConsumerOptions = {},
	attempts = 1,
) {
	const batch = createMessageBatch<NotifyMessage>("status-notify", [
		{ id: randomId("m"), timestamp: new Date(), attempts, body: { kind: "confirm", request: requestId } },
	]);
	const ctx = createExecutionContext();
	await consumeNotifications(batch, { ...env, ...overrides }, options);
	return getQueueResult(batch, ctx);
}

/** The confirm link in a confirmation's text: its path (the test calls the Worker by path). */
export function confirmPathIn(text: string): string {
	const match = /https?:\/\/[^\s"<>]+\/subscriptions\/confirm\/[A-Za-z0-9_-]{43}/.exec(text);
	if (!match) throw new Error(`no confirm link in: ${text}`);
	return new URL(match[0]).pathname;
}

export interface RequestLine {
	id: string;
	kind: string;
	address: string;
	address_hash: string;
	surface_ids: string | null;
	token_hash: string;
	secret: string | null;
	expires_at: string;
	confirmation_sent_at: string | null;
	created_at: string;
}

export async function requestRows(): Promise<RequestLine[]> {
	return (await env.DB.prepare("SELECT * FROM subscription_requests ORDER BY created_at, id").all<RequestLine>())
		.results;
}

export interface SubscriberLine {
	id: string;
	kind: string;
	name: string;
	url: string;
	events: string;
	surface_ids: string | null;
	secret: string | null;
	origin: string;
	manage_token_hash: string | null;
}

export async function subscriberRows(): Promise<SubscriberLine[]> {
	return (await env.DB.prepare("SELECT * FROM notification_subscribers ORDER BY id").all<SubscriberLine>()).results;
}

export async function suppressionRows(): Promise<{ address_hash: string; created_at: string }[]> {
	return (
		await env.DB.prepare("SELECT * FROM subscription_suppressions ORDER BY address_hash").all<{
			address_hash: string;
			created_at: string;
		}>()
	).results;
}

export async function auditRows(): Promise<
	{ subscriber_id: string; actor: string; action: string; detail: string | null }[]
> {
	return (
		await env.DB.prepare("SELECT subscriber_id, actor, action, detail FROM notification_audit_log ORDER BY id").all<{
			subscriber_id: string;
			actor: string;
			action: string;
			detail: string | null;
		}>()
	).results;
}

/** Every row the subscriptions touch, to compare before and after. */
export async function subscriptionTables() {
	const [requests, subscribers, suppressions, audit, deliveries] = await env.DB.batch([
		env.DB.prepare("SELECT * FROM subscription_requests ORDER BY id"),
		env.DB.prepare("SELECT * FROM notification_subscribers ORDER BY id"),
		env.DB.prepare("SELECT * FROM subscription_suppressions ORDER BY address_hash"),
		env.DB.prepare("SELECT * FROM notification_audit_log ORDER BY id"),
		env.DB.prepare("SELECT * FROM notification_deliveries ORDER BY id"),
	]);
	return {
		requests: requests?.results,
		subscribers: subscribers?.results,
		suppressions: suppressions?.results,
		audit: audit?.results,
		deliveries: deliveries?.results,
	};
}

/** Subscribes `email`, mails the confirmation through the consumer, and answers the confirm link's path. */
export async function pendingEmail(
	email: string,
	surfaceIds?: string[],
): Promise<{ confirmPath: string; requestId: string }> {
	const { response, sent } = await subscribe(jsonInit({ email, ...(surfaceIds ? { surface_ids: surfaceIds } : {}) }));
	if (response.status !== 202) throw new Error(`subscribe: ${response.status} ${await response.text()}`);
	const message = sent[0];
	if (message?.kind !== "confirm") throw new Error("no confirm message");
	const { binding, mails } = recordingEmail();
	await consumeConfirm(message.request, { EMAIL: binding });
	const mail = mails[0];
	if (!mail) throw new Error("no confirmation mail");
	return { confirmPath: confirmPathIn(mail.text), requestId: message.request };
}

/** Confirms through the link's button (a POST), answering the manage link's path from the page. */
export async function confirmThroughLink(
	confirmPath: string,
): Promise<{ response: Response; html: string; managePath: string }> {
	const response = await callWith(confirmPath, { method: "POST" });
	const html = await response.text();
	const manage = /href="(\/subscriptions\/manage\/[A-Za-z0-9_-]{43})"/.exec(html)?.[1];
	if (!manage) throw new Error(`no manage link (${response.status}): ${html}`);
	return { response, html, managePath: manage };
}

export const unsubscribePathOf = (managePath: string) => managePath.replace("/manage/", "/unsubscribe/");
