import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { PublicIncidentAnswer, PublicIncidentsAnswer } from "../../src/http/incidents/schemas";
import type { PublicSurfaceAnswer, PublicSurfacesAnswer } from "../../src/http/surfaces/schemas";
import { PUBLIC_PATHS } from "../../src/paths";
import fixtureBody from "../fixtures/freescout/freescout-webhook-convo-status.body.raw.json?raw";
import { countingD1 } from "./support/counting-d1";
import {
	nativeBody,
	nativeSignature,
	relayBody,
	relaySignature,
	sendNative,
	sendRelay,
	WEBHOOK_PATH,
} from "./support/freescout";
import { BASE_URL, CURRENT_TOKEN, call, expectProblem, updateSurface } from "./support/http";
import { auditFor, clearTables, expectUnbrokenChain, readTables } from "./support/tables";

beforeEach(clearTables);

// The fixture's signed vector (fixtures/README.md): FreeScout's secret and the signature it sent.
const FIXTURE_SECRET = "767fe609bebe85ec3dcb9a3c21dc7e0e";
const FIXTURE_SIGNATURE = "BS1eI8Yzq26MCpg9XZs89nTbwqY=";

type PublicSurface = PublicSurfaceAnswer;
type PublicIncident = PublicIncidentAnswer;

async function surface(id: string): Promise<PublicSurface> {
	const board = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
	const found = board.surfaces.find((entry) => entry.id === id);
	if (!found) throw new Error(`no surface ${id}`);
	return found;
}

async function incidents(): Promise<PublicIncident[]> {
	return (await (await call(PUBLIC_PATHS.incidents)).json<PublicIncidentsAnswer>()).incidents;
}

/** The fixture app with FreeScout's secret, over a counting D1. */
function fixtureApp() {
	const probe = countingD1(env.DB);
	const app = createApp();
	const send = (body: string, headers: Record<string, string>) =>
		app.fetch(
			new Request(`${BASE_URL}${WEBHOOK_PATH}`, {
				method: "POST",
				headers: { "Content-Type": "application/json", ...headers },
				body,
			}),
			{ ...env, DB: probe.db, FREESCOUT_WEBHOOK_SECRET: FIXTURE_SECRET, FREESCOUT_WEBHOOK_SECRET_PREVIOUS: "" },
			createExecutionContext(),
		);
	return { probe, send };
}

describe("signatures", () => {
	it("verifies the fixture's signed FreeScout delivery (which names no component, so is only acknowledged)", async () => {
		expect(fixtureBody.length).toBe(2550);
		const { send } = fixtureApp();
		const response = await send(fixtureBody, {
			"X-FreeScout-Event": "convo.status",
			"X-FreeScout-Signature": FIXTURE_SIGNATURE,
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ outcome: "ignored", reason: "no_component" });
	});

	it("answers 401 without touching D1 for one changed byte, a wrong secret or a missing header", async () => {
		const { probe, send } = fixtureApp();
		const changedByte = fixtureBody.replace('"status":"closed"', '"status":"clised"');
		const attempts: [string, Record<string, string>][] = [
			[changedByte, { "X-FreeScout-Event": "convo.status", "X-FreeScout-Signature": FIXTURE_SIGNATURE }],
			[
				fixtureBody,
				{
					"X-FreeScout-Event": "convo.status",
					"X-FreeScout-Signature": await nativeSignature(fixtureBody, "wrong-secret"),
				},
			],
			[fixtureBody, { "X-FreeScout-Event": "convo.status" }],
			[fixtureBody, { "X-FreeScout-Event": "convo.status", "X-FreeScout-Signature": "sha256=not-hex" }],
			[fixtureBody, { "X-FreeScout-Event": "convo.status", "X-Internal-Status-Token": "not-the-token" }],
		];
		for (const [body, headers] of attempts) {
			await expectProblem(await send(body, headers), 401, "unauthorized");
		}
		expect(probe.roundTrips).toBe(0);
	});

	it("accepts the previous secret during a rotation", async () => {
		const body = relayBody("conversation.created", {
			id: 7,
			status: "open",
			updated_at: "2026-11-20T10:00:00Z",
			component: "charts",
		});
		const response = await call(WEBHOOK_PATH, {
			method: "POST",
			headers: {
				"Content-Type": "application/json",
				"X-FreeScout-Signature": await relaySignature(body, "test-freescout-secret-previous"),
			},
			body,
		});
		expect(response.status).toBe(200);
	});
});

describe("the three senders, end to end through the public endpoints", () => {
	it("the relay format's example, sent as written", async () => {
		// PAYLOAD, SIG and the headers exactly as the runbook's curl command builds them.
		const PAYLOAD =
			'{"event":"conversation.created","event_id":"manual-test-001","ticket":{"id":9001,"status":"open","updated_at":"2026-04-30T12:00:00Z","custom_fields":[{"slug":"component_tag","value":"app-raxx-app"},{"slug":"public_status","value":"Login degraded test"},{"slug":"incident_severity","value":"degraded"}]}}';
		const SIG = await relaySignature(PAYLOAD);
		const response = await call(WEBHOOK_PATH, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-FreeScout-Signature": SIG, "X-Service-Token": "anything" },
			body: PAYLOAD,
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ outcome: "applied", surface_changed: true });

		expect(await surface("app-raxx-app")).toMatchObject({
			state: "DEGRADED",
			ticket_pending: true,
			public_note: "Login degraded test",
		});
		const [incident] = await incidents();
		expect(incident).toEqual({
			id: expect.stringMatching(/^inc_\d{5}$/),
			title: "Web app (app.raxx.app): degraded performance",
			surface_id: "app-raxx-app",
			surface_name: "Web app (app.raxx.app)",
			severity: "degraded",
			status: "investigating",
			opened_at: "2026-04-30T12:00:00.000Z",
			resolved_at: null,
			public_note: "Login degraded test",
			updates: [
				{
					id: expect.stringMatching(/^upd_\d{5}_20260430T120000000Z$/),
					status: "investigating",
					severity: "degraded",
					public_note: "Login degraded test",
					at: "2026-04-30T12:00:00.000Z",
				},
			],
		});
		expect(JSON.stringify(await incidents())).not.toContain("9001");
	});

	it("FreeScout's own module: custom fields by display name, a dropdown's label, status closed resolves", async () => {
		const opened = nativeBody({
			id: 501,
			status: "active",
			createdAt: "2026-11-25T09:00:00Z",
			updatedAt: "2026-11-25T09:00:00Z",
			component: "Order placement",
			severity: "Partial outage",
			note: "Some orders are delayed",
		});
		expect((await sendNative("convo.created", opened)).status).toBe(200);
		expect(await surface("order-placement")).toMatchObject({ state: "PARTIAL", ticket_pending: true });

		const closed = nativeBody({
			id: 501,
			status: "closed",
			createdAt: "2026-11-25T09:00:00Z",
			updatedAt: "2026-11-25T10:30:00Z",
			component: "Order placement",
			severity: "Partial outage",
			note: "Orders flow normally again",
		});
		expect((await sendNative("convo.status", closed)).status).toBe(200);
		expect(await surface("order-placement")).toMatchObject({
			state: "OPERATIONAL",
			ticket_pending: false,
			public_note: null,
		});
		expect(await incidents()).toMatchObject([
			{
				surface_id: "order-placement",
				severity: "partial",
				status: "resolved",
				opened_at: "2026-11-25T09:00:00.000Z",
				resolved_at: "2026-11-25T10:30:00.000Z",
				public_note: "Orders flow normally again",
			},
		]);
	});

	it("a relay that checked the signature itself and sends the internal token", async () => {
		const body = nativeBody({
			id: 502,
			status: "pending",
			createdAt: "2026-11-25T09:00:00Z",
			updatedAt: "2026-11-25T09:05:00Z",
			component: "deposits",
			severity: "down",
		});
		const response = await call(WEBHOOK_PATH, {
			method: "POST",
			headers: {
				"Content-Type": "application/json",
				"X-FreeScout-Event": "convo.created",
				"X-Internal-Status-Token": CURRENT_TOKEN,
			},
			body,
		});
		expect(response.status).toBe(200);
		expect(await surface("deposits")).toMatchObject({ state: "DOWN", ticket_pending: true });
	});
});

describe("delivery as FreeScout really does it", () => {
	const open = (updatedAt: string, extra: Partial<Parameters<typeof nativeBody>[0]> = {}) =>
		nativeBody({
			id: 600,
			status: "active",
			createdAt: "2026-11-26T08:00:00Z",
			updatedAt,
			component: "login",
			severity: "degraded",
			note: "Slow logins",
			...extra,
		});

	it("ten deliveries of the same event leave the same tables as one", async () => {
		await sendNative("convo.created", open("2026-11-26T08:00:00Z"));
		const once = await readTables();
		for (let attempt = 0; attempt < 9; attempt += 1) {
			const response = await sendNative("convo.created", open("2026-11-26T08:00:00Z"));
			expect(await response.json()).toMatchObject({ outcome: "applied", surface_changed: false });
		}
		expect(await readTables()).toEqual(once);
	});

	it("acknowledges and ignores an event older than the last one applied", async () => {
		await sendNative("convo.status", open("2026-11-26T09:00:00Z", { status: "closed" }));
		const after = await readTables();
		const stale = await sendNative("convo.created", open("2026-11-26T08:00:00Z"));
		expect(stale.status).toBe(200);
		expect(await stale.json()).toMatchObject({ outcome: "stale", recorded_in_timeline: true });
		// It changes no current state; it joins the incident's timeline.
		const { status_incident_events: events, ...rest } = await readTables();
		const { status_incident_events: eventsBefore, ...restBefore } = after;
		expect(rest).toEqual(restBefore);
		expect(events).toHaveLength(eventsBefore.length + 1);
		expect(await surface("login")).toMatchObject({ state: "UNKNOWN", ticket_pending: false });
	});

	it("a stale event changes nothing, not even the surface it names (found by the model-based test)", async () => {
		await sendNative("convo.created", open("2026-11-26T08:00:00Z"));
		await sendNative("convo.assigned", open("2026-11-26T08:30:00Z", { component: "charts" }));
		await updateSurface({ surface_id: "login", state: "MAINTENANCE", state_source: "schedule", actor: "schedule" });
		const before = await readTables();
		const stale = await sendNative("convo.created", open("2026-11-26T08:00:00Z"));
		expect(await stale.json()).toMatchObject({ outcome: "stale" });
		expect(await readTables()).toEqual(before);
		expect((await surface("login")).state).toBe("MAINTENANCE");
	});

	it("reopens a reopened ticket's incident: still one row per ticket", async () => {
		await sendNative("convo.created", open("2026-11-26T08:00:00Z"));
		await sendNative("convo.status", open("2026-11-26T09:00:00Z", { status: "closed" }));
		await sendNative("convo.status", open("2026-11-26T10:00:00Z", { severity: "down", note: "Logins fail again" }));
		const tables = await readTables();
		expect(tables.status_incidents).toHaveLength(1);
		expect(tables.status_incidents[0]).toMatchObject({ resolved_at: null, severity: "down", freescout_ticket_id: 600 });
		expect(await surface("login")).toMatchObject({
			state: "DOWN",
			ticket_pending: true,
			public_note: "Logins fail again",
		});
	});

	it("resolves on deletion and on spam", async () => {
		await sendNative("convo.created", open("2026-11-26T08:00:00Z"));
		// FreeScout marks a deleted conversation in the (signed) body; the event name alone is not trusted.
		await sendNative("convo.deleted", open("2026-11-26T09:00:00Z", { state: "deleted" }));
		expect(await surface("login")).toMatchObject({ state: "OPERATIONAL", ticket_pending: false });
		await sendNative("convo.restored", open("2026-11-26T10:00:00Z"));
		expect((await surface("login")).state).toBe("DEGRADED");
		await sendNative("convo.status", open("2026-11-26T11:00:00Z", { status: "spam" }));
		expect((await surface("login")).state).toBe("OPERATIONAL");
	});

	it("acknowledges a ticket without a component, and customer events, writing nothing", async () => {
		const before = await readTables();
		const response = await sendNative("convo.created", open("2026-11-26T08:00:00Z", { component: undefined }));
		expect(await response.json()).toMatchObject({ outcome: "ignored", reason: "no_component" });
		const customer = await sendNative("customer.created", JSON.stringify({ id: 5, email: "a@example.org" }));
		expect(await customer.json()).toMatchObject({ outcome: "ignored", reason: "not_a_ticket_event" });
		expect(await readTables()).toEqual(before);
	});

	it("answers 422 for an unknown component or severity, writing nothing", async () => {
		const before = await readTables();
		await expectProblem(
			await sendNative("convo.created", open("2026-11-26T08:00:00Z", { component: "the-moon" })),
			422,
			"unknown_surface",
		);
		await expectProblem(
			await sendNative("convo.created", open("2026-11-26T08:00:00Z", { severity: "catastrophic" })),
			422,
			"unknown_severity",
		);
		expect(await readTables()).toEqual(before);
	});

	it("answers 400 for a malformed or invalid delivery and 415 for the wrong content type, writing nothing", async () => {
		const before = await readTables();
		const sendSigned = async (body: string, headers: Record<string, string> = {}) =>
			call(WEBHOOK_PATH, {
				method: "POST",
				headers: {
					"Content-Type": "application/json",
					"X-FreeScout-Signature": await relaySignature(body),
					...headers,
				},
				body,
			});
		await expectProblem(await sendSigned("{not json"), 400, "malformed_json");
		await expectProblem(await sendSigned('{"event":"x","ticket":{"id":"nine"}}'), 400, "validation_failed");
		await expectProblem(await sendSigned('{"id": 1}'), 400, "validation_failed");
		await expectProblem(
			await sendSigned(
				relayBody("conversation.created", { id: 1, status: "open", updated_at: "2026-11-26T08:00:00Z" }),
				{
					"Content-Type": "text/plain",
				},
			),
			415,
			"unsupported_media_type",
		);
		expect(await readTables()).toEqual(before);
	});

	it("moves the incident when the ticket's component changes, and frees the old surface", async () => {
		await sendNative("convo.created", open("2026-11-26T08:00:00Z"));
		await sendNative("convo.assigned", open("2026-11-26T08:30:00Z", { component: "two-factor-auth" }));
		expect(await surface("login")).toMatchObject({ state: "OPERATIONAL", ticket_pending: false });
		expect(await surface("two-factor-auth")).toMatchObject({ state: "DEGRADED", ticket_pending: true });
	});
});

describe("several tickets on one surface", () => {
	const ticket = (id: number, updatedAt: string, status: "open" | "closed", severity: string, note: string) =>
		relayBody("conversation.updated", {
			id,
			status,
			updated_at: updatedAt,
			created_at: "2026-11-26T07:00:00Z",
			component: "withdrawals",
			severity,
			note,
		});

	it("the worst wins; resolving one leaves the other's; resolving both returns to OPERATIONAL", async () => {
		await sendRelay(ticket(1, "2026-11-26T08:00:00Z", "open", "degraded", "Slow withdrawals"));
		await sendRelay(ticket(2, "2026-11-26T08:10:00Z", "open", "down", "Withdrawals failing"));
		expect(await surface("withdrawals")).toMatchObject({ state: "DOWN", public_note: "Withdrawals failing" });

		await sendRelay(ticket(2, "2026-11-26T09:00:00Z", "closed", "down", "Fixed"));
		expect(await surface("withdrawals")).toMatchObject({
			state: "DEGRADED",
			public_note: "Slow withdrawals",
			ticket_pending: true,
		});

		await sendRelay(ticket(1, "2026-11-26T09:30:00Z", "closed", "degraded", "Fixed"));
		expect(await surface("withdrawals")).toMatchObject({
			state: "OPERATIONAL",
			public_note: null,
			ticket_pending: false,
		});

		const audit = await auditFor("withdrawals");
		expect(audit.map((row) => [row.previous_state, row.new_state, row.source])).toEqual([
			[null, "DEGRADED", "freescout"],
			["DEGRADED", "DOWN", "freescout"],
			["DOWN", "DEGRADED", "freescout"],
			["DEGRADED", "OPERATIONAL", "freescout"],
		]);
	});

	it("concurrent events on one surface still end at the worst open severity, with an unbroken chain", async () => {
		await Promise.all(
			[1, 2, 3, 4, 5, 6].map((id) =>
				sendRelay(ticket(id, "2026-11-26T08:00:00Z", "open", id === 4 ? "down" : "degraded", `ticket ${id}`)),
			),
		);
		expect(await surface("withdrawals")).toMatchObject({
			state: "DOWN",
			public_note: "ticket 4",
			ticket_pending: true,
		});
		expectUnbrokenChain(await auditFor("withdrawals"));
	});

	it("a manual hold keeps its state, but ticket_pending still follows the tickets", async () => {
		await updateSurface({
			surface_id: "withdrawals",
			state: "DOWN",
			state_source: "manual",
			actor: "ops",
			public_note: "Bank outage",
		});
		const response = await sendRelay(ticket(1, "2026-11-26T08:00:00Z", "open", "degraded", "Slow withdrawals"));
		expect(await response.json()).toMatchObject({ held_by: "manual_hold", surface_changed: true });
		expect(await surface("withdrawals")).toMatchObject({
			state: "DOWN",
			public_note: "Bank outage",
			ticket_pending: true,
		});
		await sendRelay(ticket(1, "2026-11-26T09:00:00Z", "closed", "degraded", "Fixed"));
		expect(await surface("withdrawals")).toMatchObject({ state: "DOWN", ticket_pending: false });
		const audit = await auditFor("withdrawals");
		expect(audit.map((row) => [row.previous_state, row.new_state, row.source])).toEqual([
			[null, "DOWN", "manual"],
			["DOWN", "DOWN", "freescout"],
			["DOWN", "DOWN", "freescout"],
		]);
	});
});

describe("the D1 inspection queries through a ticket's life", () => {
	it("'open incidents' and 'audit log for a surface' show the right rows", async () => {
		const openIncidents = "SELECT * FROM status_incidents WHERE resolved_at IS NULL ORDER BY opened_at DESC;";
		const surfaceAudit =
			"SELECT * FROM status_audit_log WHERE surface_id = 'app-raxx-app' ORDER BY created_at DESC LIMIT 20;";
		const event = (status: "open" | "closed", updatedAt: string) =>
			relayBody("conversation.updated", {
				id: 9001,
				status,
				updated_at: updatedAt,
				component: "app-raxx-app",
				note: "Login degraded",
				severity: "degraded",
			});

		await sendRelay(event("open", "2026-11-26T08:00:00Z"));
		expect((await env.DB.prepare(openIncidents).all()).results).toMatchObject([
			{ surface_id: "app-raxx-app", freescout_ticket_id: 9001, severity: "degraded", resolved_at: null },
		]);
		expect((await env.DB.prepare(surfaceAudit).all()).results).toMatchObject([
			{ actor: "freescout", source: "freescout", previous_state: null, new_state: "DEGRADED" },
		]);

		await sendRelay(event("closed", "2026-11-26T09:00:00Z"));
		expect((await env.DB.prepare(openIncidents).all()).results).toEqual([]);
		const audit = (await env.DB.prepare(surfaceAudit).all<{ new_state: string; note: string }>()).results;
		expect(audit.map((row) => row.new_state).sort()).toEqual(["DEGRADED", "OPERATIONAL"]);
		expect(audit.every((row) => row.note.includes("9001"))).toBe(true);
	});
});

describe("configuration and faults", () => {
	it("reads the custom fields the deployment names, matched regardless of case, spaces, _ and -", async () => {
		const body = JSON.stringify({
			id: 800,
			status: "active",
			createdAt: "2026-11-26T08:00:00Z",
			updatedAt: "2026-11-26T08:00:00Z",
			customFields: [
				{ id: 1, name: "Affected-Service", value: "7", text: "Price alerts" },
				{ id: 2, name: "STATUS PAGE NOTE", value: "Alerts are late", text: "" },
				{ id: 3, name: "impact", value: "down", text: null },
			],
		});
		const response = await createApp().fetch(
			new Request(`${BASE_URL}${WEBHOOK_PATH}`, {
				method: "POST",
				headers: {
					"Content-Type": "application/json",
					"X-FreeScout-Event": "convo.created",
					"X-FreeScout-Signature": await nativeSignature(body),
				},
				body,
			}),
			{
				...env,
				FREESCOUT_COMPONENT_FIELD: "affected_service",
				FREESCOUT_NOTE_FIELD: "status page note",
				FREESCOUT_SEVERITY_FIELD: "Impact",
			},
			createExecutionContext(),
		);
		expect(response.status).toBe(200);
		expect(await surface("price-alerts")).toMatchObject({ state: "DOWN", public_note: "Alerts are late" });
	});
});
