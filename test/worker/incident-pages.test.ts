import { beforeEach, describe, expect, it } from "vitest";
import type { PublicIncidentResponse } from "../../src/http/incidents/schemas";
import { incidentPagePath, incidentPath } from "../../src/paths";
import { forgetIsolateCopies } from "../../src/public-cache/isolate-copies";
import { INCIDENT_UPDATES_PER_PAGE } from "../../src/verbs/list-incidents";
import { relayBody, sendRelay } from "./support/freescout";
import { call, expectProblem } from "./support/http";
import { clearTables, readTables } from "./support/tables";

// One ticket can add updates to its incident without end: its route and page show a bounded page
// of them, newest first, and a cursor reads the older ones.

beforeEach(clearTables);

const at = (minute: number) => new Date(Date.UTC(2026, 10, 26, 8, 0) + minute * 60_000).toISOString();

/** An incident with `count` updates (Update 0 .. Update count-1); its public id. */
async function incidentWith(count: number): Promise<string> {
	let id = "";
	for (let minute = 0; minute < count; minute += 1) {
		const body = relayBody("conversation.updated", {
			id: 77,
			status: "open",
			updated_at: at(minute),
			component: "login",
			severity: "partial",
			note: `Update ${minute}`,
		});
		const answer = await (await sendRelay(body)).json<{ incident: { id: string } }>();
		id = answer.incident.id;
	}
	return id;
}

async function read(path: string, headers: HeadersInit = {}): Promise<Response> {
	forgetIsolateCopies();
	return call(path, { headers });
}

const notes = (answer: PublicIncidentResponse) => answer.incident.updates.map((update) => update.public_note);

describe(`an incident's updates, ${INCIDENT_UPDATES_PER_PAGE} a page`, () => {
	it("the route shows the newest page and the path of the next; following it reads every update once", async () => {
		const count = INCIDENT_UPDATES_PER_PAGE * 2 + 3;
		const publicId = await incidentWith(count);
		const seen: string[] = [];
		let path: string | null = incidentPath(publicId);
		const pages: number[] = [];
		while (path !== null) {
			const answer: PublicIncidentResponse = await (await read(path)).json<PublicIncidentResponse>();
			expect(answer.incident.status).toBe("investigating");
			expect(answer.incident.public_note).toBe(`Update ${count - 1}`);
			pages.push(answer.incident.updates.length);
			seen.push(...notes(answer).map(String));
			path = answer.older_updates;
		}
		expect(pages).toEqual([INCIDENT_UPDATES_PER_PAGE, INCIDENT_UPDATES_PER_PAGE, 3]);
		expect(seen).toEqual(Array.from({ length: count }, (_, index) => `Update ${count - 1 - index}`));
	}, 60_000);

	it("the edge: a page's worth has no next page; one more has a next page of one", async () => {
		const publicId = await incidentWith(INCIDENT_UPDATES_PER_PAGE);
		const full = await (await read(incidentPath(publicId))).json<PublicIncidentResponse>();
		expect(full.incident.updates).toHaveLength(INCIDENT_UPDATES_PER_PAGE);
		expect(full.older_updates).toBeNull();
		expect(await (await read(incidentPagePath(publicId))).text()).not.toContain("Older updates");
		await clearTables();
		const more = await incidentWith(INCIDENT_UPDATES_PER_PAGE + 1);
		const first = await (await read(incidentPath(more))).json<PublicIncidentResponse>();
		expect(first.older_updates).toBe(`${incidentPath(more)}?before=${at(1)}`);
		const next = await (await read(first.older_updates ?? "")).json<PublicIncidentResponse>();
		expect(notes(next)).toEqual(["Update 0"]);
		expect(next.older_updates).toBeNull();
	}, 60_000);

	it("the HTML page links to the older updates and back to the newest", async () => {
		const publicId = await incidentWith(INCIDENT_UPDATES_PER_PAGE + 1);
		const html = await (await read(incidentPagePath(publicId))).text();
		const older = `${incidentPagePath(publicId)}?before=${at(1)}`;
		expect(html).toContain(`<a href="${older}" rel="next">Older updates`);
		expect(html).toContain("Update 1<");
		expect(html).not.toContain("Update 0<");
		const olderHtml = await (await read(older)).text();
		expect(olderHtml).toContain("Update 0<");
		expect(olderHtml).not.toContain("Update 1<");
		expect(olderHtml).toContain(`<a href="${incidentPagePath(publicId)}">Newest updates</a>`);
	}, 60_000);

	it("each page has its own ETag and answers 304 to it; a new update changes it", async () => {
		const publicId = await incidentWith(INCIDENT_UPDATES_PER_PAGE + 1);
		const older = `${incidentPath(publicId)}?before=${at(1)}`;
		const [newest, page] = [await read(incidentPath(publicId)), await read(older)];
		const etag = page.headers.get("ETag") ?? "";
		expect(etag).not.toBe(newest.headers.get("ETag"));
		expect(page.headers.get("Cache-Control")).toBe(newest.headers.get("Cache-Control"));
		expect((await read(older, { "If-None-Match": etag })).status).toBe(304);
		await sendRelay(
			relayBody("conversation.updated", {
				id: 77,
				status: "closed",
				updated_at: at(INCIDENT_UPDATES_PER_PAGE + 1),
				component: "login",
				severity: "partial",
				note: "Fixed",
			}),
		);
		const after = await read(older, { "If-None-Match": etag });
		expect(after.status).toBe(200);
		// An older page still says where the incident stands now.
		expect((await after.json<PublicIncidentResponse>()).incident.status).toBe("resolved");
	}, 60_000);
});

describe("the isolate's copies", () => {
	it("keep each page apart: the older page read right after the newest is the older page", async () => {
		const publicId = await incidentWith(INCIDENT_UPDATES_PER_PAGE + 1);
		forgetIsolateCopies();
		for (const path of [incidentPath(publicId), incidentPagePath(publicId)]) {
			const newest = await call(path);
			const older = await call(`${path}?before=${at(1)}`);
			expect(older.headers.get("ETag"), path).not.toBe(newest.headers.get("ETag"));
			expect(await older.text(), path).toContain("Update 0");
			expect(await newest.text(), path).not.toContain("Update 0<");
		}
	}, 60_000);
});

describe("page cursors from outside", () => {
	const MALFORMED = [
		"",
		"x",
		"2026-11-26T08:01:00Z",
		"2026-11-26T08:01:00.000+00:00",
		"2026-11-26t08:01:00.000z",
		"2026-11-26T08:01:00.0000Z",
		"2026-02-30T08:01:00.000Z",
		"2100-01-01T00:00:00.000Z",
		"+010000-01-01T00:00:00.000Z",
		"1999-12-31T23:59:59.999Z",
		"2026-11-26T08:01:00.000Z%00",
		"2026-11-26T08:01:00.000Z&before=x",
		"a".repeat(5000),
	];

	it("malformed, or naming no update of the incident: 400 problem+json, nothing written", async () => {
		const publicId = await incidentWith(2);
		const tables = await readTables();
		// at(5): well-formed, but the incident has no update then.
		for (const cursor of [...MALFORMED, at(5)]) {
			const query = `?before=${encodeURIComponent(cursor).replace("%2500", "%00")}`;
			for (const path of [incidentPath(publicId), incidentPagePath(publicId)]) {
				await expectProblem(await read(`${path}${query}`), 400, "invalid_query");
			}
		}
		expect(await readTables()).toEqual(tables);
	}, 60_000);

	it("other query parameters are ignored: the answer and its cache entry are the page's", async () => {
		const publicId = await incidentWith(2);
		const plain = await read(incidentPath(publicId));
		const noisy = await read(`${incidentPath(publicId)}?utm=${"x".repeat(100)}&page=2`);
		expect(noisy.headers.get("ETag")).toBe(plain.headers.get("ETag"));
	});
});
