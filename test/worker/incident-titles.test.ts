import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { renderBody } from "../../src/domain/notifications/bodies";
import { SUBSCRIBER_KINDS } from "../../src/domain/notifications/subscriber-url";
import type { PublicIncidentResponse, PublicIncidentsAnswer } from "../../src/http/incidents/schemas";
import { notificationEventOf } from "../../src/notify/event-of-row";
import { ATLASSIAN_V2_PATHS, incidentPagePath, incidentPath, PUBLIC_PATHS } from "../../src/paths";
import nativeWithTitle from "../fixtures/freescout/native-conversation-with-public-title.json?raw";
import relayWithTitle from "../fixtures/freescout/relay-event-with-public-title.json?raw";
import { nativeBody, relayBody, sendNative, sendRelay } from "./support/freescout";
import { call, expectProblem } from "./support/http";
import { clearTables, readTables } from "./support/tables";

// The helpdesk's public title of an incident (FREESCOUT_TITLE_FIELD): held to the public-text
// rule, stored beside the incident, and the one title every format shows.

beforeEach(clearTables);

const RELAY_TITLE = "Orders delayed after the market open";
const NATIVE_TITLE = "Card deposits are failing";

async function listed(): Promise<PublicIncidentsAnswer["incidents"]> {
	return (await (await call(PUBLIC_PATHS.incidents)).json<PublicIncidentsAnswer>()).incidents;
}

async function onlyIncident() {
	const [incident, ...others] = await listed();
	expect(others).toEqual([]);
	if (!incident) throw new Error("no incident");
	return incident;
}

async function titleRows() {
	const { results } = await env.DB.prepare(
		"SELECT incident_id, title, ticket_updated_at FROM status_incident_titles ORDER BY incident_id",
	).all();
	return results;
}

async function version(): Promise<number> {
	const row = await env.DB.prepare("SELECT version FROM status_version WHERE id = 1").first<{ version: number }>();
	return row?.version ?? 0;
}

/** The incident's latest notification event, as subscribers would be told it. */
async function latestNotification() {
	const row = await env.DB.prepare(
		"SELECT id, type, subject_kind, subject_id, sequence, after, before, occurred_at FROM notification_events ORDER BY occurred_at DESC, sequence DESC LIMIT 1",
	).first<{
		id: string;
		type: "incident.created" | "incident.updated";
		subject_kind: string;
		subject_id: string;
		sequence: number;
		after: string;
		before: string | null;
		occurred_at: string;
	}>();
	if (!row) throw new Error("no notification event");
	return {
		type: row.type,
		event: notificationEventOf(
			{
				id: row.id,
				type: row.type,
				subjectKind: row.subject_kind,
				subjectId: row.subject_id,
				sequence: row.sequence,
				after: row.after,
				before: row.before,
				occurredAt: row.occurred_at,
			},
			{ id: "page", name: "raxx.app", url: "https://status.example/" },
		),
	};
}

describe("the ticket's public title", () => {
	it("comes from the relay format (fixture) and is the title on the page, the incident page, feeds, JSON APIs and notification bodies", async () => {
		expect((await sendRelay(relayWithTitle.trim())).status).toBe(200);
		const incident = await onlyIncident();
		expect(incident.title).toBe(RELAY_TITLE);

		const one = await (await call(incidentPath(incident.id))).json<PublicIncidentResponse>();
		expect(one.incident.title).toBe(RELAY_TITLE);

		const v2 = await (await call(ATLASSIAN_V2_PATHS.incidents)).json<{ incidents: { name: string }[] }>();
		expect(v2.incidents.map((entry) => entry.name)).toEqual([RELAY_TITLE]);
		const summary = await (await call(ATLASSIAN_V2_PATHS.summary)).json<{ incidents: { name: string }[] }>();
		expect(summary.incidents.map((entry) => entry.name)).toEqual([RELAY_TITLE]);

		const atom = await (await call(PUBLIC_PATHS.feedAtom)).text();
		expect(atom).toContain(`<title type="text">${RELAY_TITLE}, investigating</title>`);
		const rss = await (await call(PUBLIC_PATHS.feedRss)).text();
		expect(rss).toContain(`<title>${RELAY_TITLE}, investigating</title>`);

		const home = await (await call("/")).text();
		expect(home).toContain(RELAY_TITLE);
		const page = await (await call(incidentPagePath(incident.id))).text();
		expect(page).toMatch(new RegExp(`<h1 id="${incident.id}-h">[^<]*${RELAY_TITLE}`));
		expect(page).toContain(`<title>${RELAY_TITLE} · `);

		const { type, event } = await latestNotification();
		expect(type).toBe("incident.created");
		expect(event.subject).toMatchObject({ kind: "incident", title: RELAY_TITLE });
		for (const kind of SUBSCRIBER_KINDS) expect(renderBody(kind, event), kind).toContain(RELAY_TITLE);
	});

	it("comes from FreeScout's own format (fixture): a text field by its display name", async () => {
		expect((await sendNative("convo.created", nativeWithTitle.trim())).status).toBe(200);
		expect(await onlyIncident()).toMatchObject({ title: NATIVE_TITLE, surface_id: "deposits", severity: "down" });
		expect(await titleRows()).toEqual([
			{ incident_id: expect.any(Number), title: NATIVE_TITLE, ticket_updated_at: "2026-11-30T09:10:00.000Z" },
		]);
	});

	it("is generated when the ticket gives none, and again once the field is cleared", async () => {
		const at = (minute: number) => `2026-11-30T10:${String(minute).padStart(2, "0")}:00Z`;
		const ticket = { id: 9200, status: "open" as const, component: "order-placement", severity: "partial" };
		expect((await sendRelay(relayBody("conversation.created", { ...ticket, updated_at: at(0) }))).status).toBe(200);
		expect((await onlyIncident()).title).toBe("Order placement: partial outage");
		expect(await titleRows()).toEqual([]);

		await sendRelay(relayBody("conversation.updated", { ...ticket, updated_at: at(5), title: "Orders are slow" }));
		expect((await onlyIncident()).title).toBe("Orders are slow");

		// FreeScout sends a cleared field blank.
		await sendRelay(relayBody("conversation.updated", { ...ticket, updated_at: at(10), title: "  " }));
		expect((await onlyIncident()).title).toBe("Order placement: partial outage");
		expect(await titleRows()).toMatchObject([{ title: null, ticket_updated_at: "2026-11-30T10:10:00.000Z" }]);
	});

	it("of an event older than the last one applied changes nothing; events of one time keep the greater title in any order", async () => {
		const ticket = { id: 9300, status: "open" as const, component: "order-placement", severity: "partial" };
		await sendRelay(relayBody("c", { ...ticket, updated_at: "2026-11-30T11:00:00Z", title: "Newer title" }));
		await sendRelay(relayBody("c", { ...ticket, updated_at: "2026-11-30T10:00:00Z", title: "Older title" }));
		expect((await onlyIncident()).title).toBe("Newer title");

		const sameTime = "2026-11-30T12:00:00Z";
		await sendRelay(relayBody("c", { ...ticket, updated_at: sameTime, title: "B title" }));
		await sendRelay(relayBody("c", { ...ticket, updated_at: sameTime, title: "A title" }));
		const first = (await onlyIncident()).title;
		await clearTables();
		await sendRelay(relayBody("c", { ...ticket, updated_at: sameTime, title: "A title" }));
		await sendRelay(relayBody("c", { ...ticket, updated_at: sameTime, title: "B title" }));
		expect([first, (await onlyIncident()).title]).toEqual(["B title", "B title"]);
	});

	it("changing only the title is an update people see: a new data version and an incident.updated notification", async () => {
		const ticket = { id: 9400, status: "open" as const, component: "deposits", severity: "down", note: "Failing" };
		await sendRelay(relayBody("c", { ...ticket, updated_at: "2026-11-30T13:00:00Z", title: "Deposits fail" }));
		const events = async () =>
			(await env.DB.prepare("SELECT type FROM notification_events ORDER BY sequence").all()).results;
		await sendRelay(relayBody("c", { ...ticket, updated_at: "2026-11-30T13:05:00Z", title: "Deposits fail" }));
		expect(await events()).toEqual([{ type: "incident.created" }]);
		await sendRelay(relayBody("c", { ...ticket, updated_at: "2026-11-30T13:10:00Z", title: "Card deposits fail" }));
		const { type, event } = await latestNotification();
		expect(type).toBe("incident.updated");
		expect(event.subject).toMatchObject({ title: "Card deposits fail" });

		// The triggers of migration 0014, whoever writes: a new title bumps the version, the same one does not.
		const before = await version();
		await env.DB.prepare("UPDATE status_incident_titles SET ticket_updated_at = '2026-11-30T13:20:00.000Z'").run();
		expect(await version()).toBe(before);
		await env.DB.prepare("UPDATE status_incident_titles SET title = 'Deposits are back'").run();
		expect(await version()).toBe(before + 1);
		await env.DB.prepare("DELETE FROM status_incident_titles").run();
		expect(await version()).toBe(before + 2);
	});

	const HOSTILE: Record<string, string> = {
		"a right-to-left override": "Orders \u202Edelayed",
		"only zero-width characters": "\u200B\u200B",
		"a line separator": "Orders\u2028delayed",
		"more than 120 characters": "x".repeat(121),
		"a lone surrogate": "Orders \uD800 delayed",
	};
	for (const [name, title] of Object.entries(HOSTILE)) {
		it(`with ${name} is refused (422 invalid_public_text) in both formats, writing nothing`, async () => {
			await sendRelay(
				relayBody("c", {
					id: 9500,
					status: "open",
					updated_at: "2026-11-30T14:00:00Z",
					component: "deposits",
					severity: "down",
					title: "Fine",
				}),
			);
			const before = await readTables();
			const relay = relayBody("c", {
				id: 9500,
				status: "open",
				updated_at: "2026-11-30T14:05:00Z",
				component: "deposits",
				severity: "down",
				title,
			});
			const problem = await expectProblem(await sendRelay(relay), 422, "invalid_public_text");
			expect(problem.detail).toContain("public title");
			const native = nativeBody({
				id: 9501,
				status: "active",
				createdAt: "2026-11-30T14:00:00Z",
				updatedAt: "2026-11-30T14:05:00Z",
				component: "deposits",
				severity: "down",
				title,
			});
			await expectProblem(await sendNative("convo.created", native), 422, "invalid_public_text");
			expect(await readTables()).toEqual(before);
		});
	}

	it("of exactly 120 characters is taken as written", async () => {
		const title = `${"é".repeat(119)}!`;
		await sendRelay(
			relayBody("c", {
				id: 9600,
				status: "open",
				updated_at: "2026-11-30T15:00:00Z",
				component: "deposits",
				severity: "down",
				title,
			}),
		);
		expect((await onlyIncident()).title).toBe(title);
	});
});
