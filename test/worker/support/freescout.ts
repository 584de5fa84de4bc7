import { INTERNAL_PATHS } from "../../../src/paths";
import { TEST_SECRETS } from "../../test-secrets";
import { call } from "./http";

const encoder = new TextEncoder();

export const WEBHOOK_PATH = INTERNAL_PATHS.freescoutWebhook;

async function hmac(hash: "SHA-256" | "SHA-1", secret: string, body: string): Promise<Uint8Array> {
	const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash }, false, ["sign"]);
	return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
}

/** The runbook's relay signature: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export async function relaySignature(body: string, secret = TEST_SECRETS.FREESCOUT_WEBHOOK_SECRET): Promise<string> {
	const bytes = await hmac("SHA-256", secret, body);
	return `sha256=${[...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/** FreeScout's own signature: base64 of the HMAC-SHA1 of the raw body. */
export async function nativeSignature(body: string, secret = TEST_SECRETS.FREESCOUT_WEBHOOK_SECRET): Promise<string> {
	return btoa(String.fromCharCode(...(await hmac("SHA-1", secret, body))));
}

export interface RelayTicket {
	id: number;
	status: "open" | "active" | "pending" | "closed" | "spam" | "deleted";
	updated_at: string;
	created_at?: string;
	component?: string;
	note?: string;
	severity?: string;
	/** The incident status field (investigating, identified, monitoring, resolved). */
	incidentStatus?: string;
	/** The incident's public title. */
	title?: string;
}

export function relayBody(
	event: string,
	ticket: RelayTicket,
	eventId = `evt-${ticket.id}-${ticket.updated_at}`,
): string {
	const fields = [
		["component_tag", ticket.component],
		["public_status", ticket.note],
		["incident_severity", ticket.severity],
		["incident_status", ticket.incidentStatus],
		["public_title", ticket.title],
	].filter((field): field is [string, string] => field[1] !== undefined);
	return JSON.stringify({
		event,
		event_id: eventId,
		ticket: {
			id: ticket.id,
			status: ticket.status,
			updated_at: ticket.updated_at,
			...(ticket.created_at ? { created_at: ticket.created_at } : {}),
			custom_fields: fields.map(([slug, value]) => ({ slug, value })),
		},
	});
}

export async function sendRelay(body: string): Promise<Response> {
	return call(WEBHOOK_PATH, {
		method: "POST",
		headers: { "Content-Type": "application/json", "X-FreeScout-Signature": await relaySignature(body) },
		body,
	});
}

export interface NativeTicket {
	id: number;
	number?: number;
	status: "active" | "pending" | "closed" | "spam";
	/** FreeScout's own: "deleted" once the conversation is deleted (published otherwise). */
	state?: "published" | "deleted" | "draft";
	createdAt: string;
	updatedAt: string;
	component?: string;
	note?: string;
	severity?: string;
	/** The incident status field, a dropdown like the severity. */
	incidentStatus?: string;
	/** The incident's public title, a text field like the note. */
	title?: string;
}

/** A conversation object as FreeScout's module posts it, custom fields keyed by display name. */
export function nativeBody(ticket: NativeTicket): string {
	const customFields = [
		// A dropdown: the option key in `value`, the label people picked in `text`.
		ticket.component === undefined ? null : { id: 1, name: "Component tag", value: "3", text: ticket.component },
		ticket.note === undefined ? null : { id: 2, name: "Public status", value: ticket.note, text: "" },
		ticket.severity === undefined ? null : { id: 3, name: "Incident Severity", value: "2", text: ticket.severity },
		ticket.incidentStatus === undefined
			? null
			: { id: 4, name: "Incident status", value: "1", text: ticket.incidentStatus },
		ticket.title === undefined ? null : { id: 5, name: "Public title", value: ticket.title, text: "" },
	].filter((field) => field !== null);
	return JSON.stringify({
		id: ticket.id,
		number: ticket.number ?? ticket.id + 1000,
		type: "email",
		status: ticket.status,
		state: ticket.state ?? "published",
		subject: "Incident",
		mailboxId: 1,
		createdAt: ticket.createdAt,
		updatedAt: ticket.updatedAt,
		userUpdatedAt: ticket.updatedAt,
		closedAt: ticket.status === "closed" ? ticket.updatedAt : null,
		customer: { id: 91, type: "customer", email: "rodney@example.org" },
		customFields,
	});
}

export async function sendNative(event: string, body: string): Promise<Response> {
	return call(WEBHOOK_PATH, {
		method: "POST",
		headers: {
			"Content-Type": "application/json",
			"X-FreeScout-Event": event,
			"X-FreeScout-Signature": await nativeSignature(body),
		},
		body,
	});
}
