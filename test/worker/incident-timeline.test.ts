import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type {
	PublicIncidentAnswer,
	PublicIncidentResponse,
	PublicIncidentsAnswer,
} from "../../src/http/incidents/schemas";
import type { PublicSurfacesAnswer } from "../../src/http/surfaces/schemas";
import { incidentPath, PUBLIC_PATHS } from "../../src/paths";
import { forgetIsolateCopies } from "../../src/public-cache/isolate-copies";
import { INCIDENT_UPDATES_PER_PAGE, MAX_LISTED_UPDATES } from "../../src/verbs/list-incidents";
import { countingD1 } from "./support/counting-d1";
import { nativeBody, type RelayTicket, relayBody, sendNative, sendRelay } from "./support/freescout";
import { BASE_URL, call, expectProblem } from "./support/http";
import { clearTables, readTables } from "./support/tables";

// How an incident unfolded, kept from the ticket events whatever order they came in.

beforeEach(clearTables);

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 8, minute)).toISOString();

function relay(ticket: Partial<RelayTicket> & { minute: number }) {
	const { minute, ...rest } = ticket;
	return sendRelay(
		relayBody("conversation.updated", {
			id: 40,
			status: "open",
			updated_at: at(minute),
			component: "login",
			severity: "partial",
			note: "Logins are slow",
			...rest,
		}),
	);
}

async function listed(): Promise<PublicIncidentAnswer[]> {
	forgetIsolateCopies();
	return (await (await call(PUBLIC_PATHS.incidents)).json<PublicIncidentsAnswer>()).incidents;
}

async function one(publicId: string, headers: HeadersInit = {}): Promise<Response> {
	forgetIsolateCopies();
	return call(incidentPath(publicId), { headers });
}

const brief = (incident: PublicIncidentAnswer | undefined) =>
	incident?.updates.map((update) => [update.status, update.severity, update.public_note, update.at]);

describe("the incident timeline", () => {
	it("relay: an update for each change of status, severity or note, newest first, the same in the list and alone", async () => {
		for (const step of [
			{ minute: 0 },
			{ minute: 5, incidentStatus: "identified" },
			{ minute: 6, incidentStatus: "identified" }, // nothing public changed: no update
			{ minute: 10, incidentStatus: "monitoring", note: "A fix is out" },
			{ minute: 12, incidentStatus: "monitoring", note: "A fix is out", severity: "degraded" },
			{ minute: 20, status: "closed" as const, note: "A fix is out", severity: "degraded" },
		]) {
			expect((await relay(step)).status).toBe(200);
		}
		const [incident] = await listed();
		expect(incident?.status).toBe("resolved");
		expect(brief(incident)).toEqual([
			["resolved", "degraded", "A fix is out", at(20)],
			["monitoring", "degraded", "A fix is out", at(12)],
			["monitoring", "partial", "A fix is out", at(10)],
			["identified", "partial", "Logins are slow", at(5)],
			["investigating", "partial", "Logins are slow", at(0)],
		]);
		expect(incident?.updates.map((update) => update.id)).toEqual(
			[20, 12, 10, 5, 0].map((minute) => `${incident?.id.replace("inc_", "upd_")}_${at(minute).replace(/[-:.]/g, "")}`),
		);
		const alone = await one(incident?.id ?? "");
		expect(alone.status).toBe(200);
		expect((await alone.json<PublicIncidentResponse>()).incident).toEqual(incident);
	});

	it("FreeScout's own module: the status field by display name, a closed conversation resolves", async () => {
		const send = (minute: number, fields: { status: "active" | "closed"; incidentStatus?: string }) =>
			sendNative(
				minute === 0 ? "convo.created" : "convo.status",
				nativeBody({
					id: 41,
					createdAt: at(0),
					updatedAt: at(minute),
					component: "charts",
					severity: "Major outage",
					note: "Charts are down",
					...fields,
				}),
			);
		expect((await send(0, { status: "active" })).status).toBe(200);
		expect((await send(3, { status: "active", incidentStatus: "Identified" })).status).toBe(200);
		expect((await send(9, { status: "active", incidentStatus: "resolved" })).status).toBe(200);
		expect((await send(15, { status: "closed", incidentStatus: "resolved" })).status).toBe(200);
		const [incident] = await listed();
		// An open ticket's incident is not resolved yet: the field's "resolved" reads as monitoring.
		expect(incident?.updates.map((update) => update.status)).toEqual([
			"resolved",
			"monitoring",
			"identified",
			"investigating",
		]);
		expect(incident?.updates.every((update) => update.severity === "down")).toBe(true);
	});

	it("keeps a delivery repeated ten times once", async () => {
		for (let repeat = 0; repeat < 10; repeat += 1) expect((await relay({ minute: 1 })).status).toBe(200);
		const { results } = await env.DB.prepare("SELECT count(*) AS n FROM status_incident_events").all<{ n: number }>();
		expect(results[0]?.n).toBe(1);
		expect((await listed())[0]?.updates).toHaveLength(1);
	});

	it("puts a late old event in the history without changing the current state", async () => {
		expect((await relay({ minute: 0 })).status).toBe(200);
		expect((await relay({ minute: 10, severity: "down", note: "Logins fail" })).status).toBe(200);
		const before = await readTables();
		const late = await relay({ minute: 5, incidentStatus: "identified", note: "Found it" });
		expect(await late.json()).toMatchObject({
			outcome: "stale",
			reason: "older_than_last_applied",
			recorded_in_timeline: true,
			incident: { status: "investigating", severity: "down", public_note: "Logins fail" },
		});
		const after = await readTables();
		expect(after.surface_state).toEqual(before.surface_state);
		expect(after.status_incidents).toEqual(before.status_incidents);
		expect(after.status_audit_log).toEqual(before.status_audit_log);
		const [incident] = await listed();
		expect(brief(incident)).toEqual([
			["investigating", "down", "Logins fail", at(10)],
			["identified", "partial", "Found it", at(5)],
			["investigating", "partial", "Logins are slow", at(0)],
		]);
		const surfaces = await (await call(PUBLIC_PATHS.surfaces)).json<PublicSurfacesAnswer>();
		expect(surfaces.surfaces.find((surface) => surface.id === "login")).toMatchObject({
			state: "DOWN",
			public_note: "Logins fail",
		});
	});

	it("merges deliveries of one update time by rank, in either order: the outranked one joins nothing", async () => {
		expect((await relay({ minute: 0 })).status).toBe(200);
		// Of two open events of one time, the greater (severity, note, status) as text stands.
		const outranked = await relay({ minute: 0, note: "A different note" });
		expect(await outranked.json()).toMatchObject({ outcome: "stale", recorded_in_timeline: false });
		expect(brief((await listed())[0])).toEqual([["investigating", "partial", "Logins are slow", at(0)]]);
		const outranking = await relay({ minute: 0, note: "Something else" });
		expect(await outranking.json()).toMatchObject({ outcome: "applied" });
		expect(brief((await listed())[0])).toEqual([["investigating", "partial", "Something else", at(0)]]);
		expect(await (await relay({ minute: 0 })).json()).toMatchObject({ outcome: "stale", recorded_in_timeline: false });
	});

	it("refuses a status field that is none of the four words with 422, writing nothing", async () => {
		const before = await readTables();
		await expectProblem(await relay({ minute: 0, incidentStatus: "fixed-ish" }), 422, "unknown_incident_status");
		await expectProblem(await relay({ minute: 0, incidentStatus: "toString" }), 422, "unknown_incident_status");
		expect(await readTables()).toEqual(before);
	});

	it(`lists the newest ${MAX_LISTED_UPDATES} updates of an incident; its own route pages through them all`, async () => {
		const events = 60;
		for (let minute = 0; minute < events; minute += 1) {
			expect((await relay({ minute, note: `Update ${minute}` })).status).toBe(200);
		}
		const [incident] = await listed();
		expect(incident?.updates).toHaveLength(MAX_LISTED_UPDATES);
		expect(incident?.updates[0]?.public_note).toBe(`Update ${events - 1}`);
		expect(incident?.updates.at(-1)?.public_note).toBe(`Update ${events - MAX_LISTED_UPDATES}`);
		const alone = await (await one(incident?.id ?? "")).json<PublicIncidentResponse>();
		expect(alone.incident.updates).toHaveLength(INCIDENT_UPDATES_PER_PAGE);
		forgetIsolateCopies();
		const older = await (await call(alone.older_updates ?? "")).json<PublicIncidentResponse>();
		expect(older.incident.updates).toHaveLength(events - INCIDENT_UPDATES_PER_PAGE);
		expect(older.incident.updates.at(-1)?.public_note).toBe("Update 0");
	});
});

describe("GET /api/status/public/incidents/{id}", () => {
	it("is 404 for an id no incident has, or no public id at all, writing nothing", async () => {
		expect((await relay({ minute: 0 })).status).toBe(200);
		const before = await readTables();
		for (const id of ["inc_99999", "inc_0001", "inc_000001", "abc", "inc_-0001", "1", "inc_00001%00"]) {
			await expectProblem(await one(id), 404, "not_found");
		}
		expect(await readTables()).toEqual(before);
	});

	it("answers 304 to its ETag, is one D1 round trip on a miss and none on a hit, and shows a new event at once", async () => {
		expect((await relay({ minute: 0 })).status).toBe(200);
		const [incident] = await listed();
		const publicId = incident?.id ?? "";
		const probe = countingD1(env.DB);
		const read = async (headers: HeadersInit = {}) => {
			const ctx = createExecutionContext();
			const response = await createApp().fetch(
				new Request(`${BASE_URL}${incidentPath(publicId)}`, { headers }),
				{ ...env, DB: probe.db },
				ctx,
			);
			await waitOnExecutionContext(ctx);
			return response;
		};
		const first = await read();
		expect(first.status).toBe(200);
		expect([probe.sessionRoundTrips, probe.roundTrips]).toEqual([1, 2]);
		const etag = first.headers.get("ETag") ?? "";
		expect((await read({ "If-None-Match": etag })).status).toBe(304);
		expect([probe.sessionRoundTrips, probe.roundTrips]).toEqual([1, 2]);

		expect((await relay({ minute: 1, incidentStatus: "identified" })).status).toBe(200);
		const after = await read({ "If-None-Match": etag });
		expect(after.status).toBe(200);
		expect((await after.json<PublicIncidentResponse>()).incident.status).toBe("identified");
	});
});
