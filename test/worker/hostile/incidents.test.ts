import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { publicIncidentId } from "../../../src/domain/incident-id";
import type { PublicIncidentsAnswer } from "../../../src/http/incidents/schemas";
import { ATLASSIAN_V2_PATHS, PAGE_PATHS, PUBLIC_PATHS } from "../../../src/paths";
import { invalidatePublicReads } from "../../../src/public-cache/invalidate";
import { forgetIsolateCopies } from "../../../src/public-cache/isolate-copies";
import { incidentsSince, MAX_LISTED_INCIDENTS } from "../../../src/verbs/list-incidents";
import { NOW, v2Json } from "../atlassian-v2/support";
import { iso, MINUTE } from "../maintenance/support";
import { getPage } from "../page/support";
import { call } from "../support/http";
import { clearTables } from "../support/tables";
import { atTime } from "../uptime/support";
import { HOSTILE_INCIDENT_SETS } from "./corpus";

// Every set of incidents in the corpus: each public list carries at most MAX_LISTED_INCIDENTS,
// every open one before any resolved one (the latest opened when more are open), the latest
// resolved after them, and the incident list counts exactly the ones it leaves out.

beforeEach(clearTables);

const K = MAX_LISTED_INCIDENTS;

interface Row {
	id: number;
	opened_at: string;
	resolved_at: string | null;
}

/** The public order of relevance: open first, then the latest resolved; ties the latest opened, then the greater id. */
const byRelevance = (a: Row, b: Row) =>
	(a.resolved_at === null ? 0 : 1) - (b.resolved_at === null ? 0 : 1) ||
	(b.resolved_at ?? "").localeCompare(a.resolved_at ?? "") ||
	b.opened_at.localeCompare(a.opened_at) ||
	b.id - a.id;

describe.each(Object.entries(HOSTILE_INCIDENT_SETS(K)))("the incident set %s", (_, set) => {
	it("is listed bounded, open ones first, the rest counted", async () => {
		await env.DB.batch(
			Array.from({ length: set.count }, (_, index) => {
				const resolved = set.resolved(index);
				return env.DB.prepare(
					"INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity) VALUES ('charts', ?, ?, 'x', ?, 'degraded')",
				).bind(
					iso(NOW + set.opened(index) * MINUTE),
					resolved === null ? null : iso(NOW + resolved * MINUTE),
					1 + index,
				);
			}),
		);
		await invalidatePublicReads(env);
		const since = incidentsSince(new Date(NOW));
		const { results: rows } = await env.DB.prepare(
			"SELECT id, opened_at, resolved_at FROM status_incidents WHERE resolved_at IS NULL OR resolved_at >= ?1 OR opened_at >= ?1",
		)
			.bind(since)
			.all<Row>();
		const open = rows.filter((row) => row.resolved_at === null);
		const expected = [...rows].sort(byRelevance).slice(0, K);
		const ids = (list: readonly { id: number }[]) => list.map((row) => publicIncidentId(row.id)).sort();

		forgetIsolateCopies();
		const list = await atTime(NOW, () => call(PUBLIC_PATHS.incidents)).then((r) => r.json<PublicIncidentsAnswer>());
		expect(list.incidents.length).toBe(Math.min(K, rows.length));
		expect(list.incidents.map((incident) => incident.id).sort()).toEqual(ids(expected));
		const listedOpen = expected.filter((row) => row.resolved_at === null).length;
		expect(list.unlisted).toEqual({
			open: open.length - listedOpen,
			resolved: rows.length - open.length - (expected.length - listedOpen),
		});

		const unresolved = await atTime(NOW, () =>
			v2Json<{ incidents: { id: string }[] }>(ATLASSIAN_V2_PATHS.unresolvedIncidents),
		);
		expect(unresolved.incidents.map((incident) => incident.id).sort()).toEqual(
			ids(expected.filter((row) => row.resolved_at === null)),
		);
		const all = await atTime(NOW, () => v2Json<{ incidents: { id: string }[] }>(ATLASSIAN_V2_PATHS.incidents));
		expect(all.incidents.length).toBeLessThanOrEqual(K);
		for (const row of expected.filter((entry) => entry.resolved_at === null)) {
			expect(all.incidents.map((incident) => incident.id)).toContain(publicIncidentId(row.id));
		}
		const page = await getPage(PAGE_PATHS.home, { at: NOW });
		expect(page.status).toBe(200);
		expect((await page.arrayBuffer()).byteLength).toBeLessThanOrEqual(60_000);
	});
});
