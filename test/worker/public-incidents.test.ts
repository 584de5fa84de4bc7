import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import type { PublicIncidentsAnswer } from "../../src/http/incidents/schemas";
import { PUBLIC_PATHS } from "../../src/paths";
import { invalidatePublicReads } from "../../src/public-cache/invalidate";
import { MAX_LISTED_INCIDENTS } from "../../src/verbs/list-incidents";
import { countingD1 } from "./support/counting-d1";
import { BASE_URL, call } from "./support/http";
import { selectRecentIncidents } from "./support/recent-incidents-query";
import { clearTables } from "./support/tables";

beforeEach(clearTables);

const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function insertIncident(row: { opened: string; resolved: string | null; ticket: number; surface?: string }) {
	const result = await env.DB.prepare(
		"INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity) VALUES (?, ?, ?, 'note', ?, 'partial') RETURNING id",
	)
		.bind(row.surface ?? "charts", row.opened, row.resolved, row.ticket)
		.first<{ id: number }>();
	// Written behind the Worker's back: drop the cached public reads as a write would.
	await invalidatePublicReads(env);
	return result?.id ?? 0;
}

describe("GET /api/status/public/incidents", () => {
	it("lists open ones and those opened or resolved in the last 30 days, newest first", async () => {
		const openOld = await insertIncident({ opened: ago(90), resolved: null, ticket: 11 });
		const resolvedRecently = await insertIncident({ opened: ago(40), resolved: ago(29), ticket: 12 });
		const openedRecently = await insertIncident({ opened: ago(2), resolved: ago(1), ticket: 13 });
		await insertIncident({ opened: ago(60), resolved: ago(31), ticket: 14 });
		const openNew = await insertIncident({ opened: ago(0.5), resolved: null, ticket: 15 });

		const response = await call(PUBLIC_PATHS.incidents);
		expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
		const { incidents } = await response.json<PublicIncidentsAnswer>();
		const publicId = (id: number) => `inc_${String(id).padStart(5, "0")}`;
		expect(incidents.map((incident) => incident.id)).toEqual(
			[openNew, openedRecently, resolvedRecently, openOld].map(publicId),
		);
		expect(incidents.map((incident) => incident.status)).toEqual([
			"investigating",
			"resolved",
			"resolved",
			"investigating",
		]);
	});

	it("never carries the ticket id", async () => {
		await insertIncident({ opened: ago(1), resolved: null, ticket: 987654 });
		const text = await (await call(PUBLIC_PATHS.incidents)).text();
		expect(text).not.toContain("987654");
		expect(text).not.toContain("freescout");
	});

	it("is one D1 round trip on a cache miss, none on a hit", async () => {
		await insertIncident({ opened: ago(1), resolved: null, ticket: 21 });
		const probe = countingD1(env.DB);
		const read = async () => {
			const ctx = createExecutionContext();
			const response = await createApp().fetch(
				new Request(`${BASE_URL}${PUBLIC_PATHS.incidents}`),
				{ ...env, DB: probe.db },
				ctx,
			);
			await waitOnExecutionContext(ctx);
			return response;
		};
		// One for the answer (a session); after it, one version check on the primary (src/http/cache/cached-read.ts).
		expect((await (await read()).json<PublicIncidentsAnswer>()).incidents).toHaveLength(1);
		expect([probe.sessionRoundTrips, probe.roundTrips]).toEqual([1, 2]);
		expect((await (await read()).json<PublicIncidentsAnswer>()).incidents).toHaveLength(1);
		expect([probe.sessionRoundTrips, probe.roundTrips]).toEqual([1, 2]);
	});

	it("is served by indexes: no full scan of status_incidents", async () => {
		// Enough rows, and fresh statistics, that the planner's choice is the one production sees.
		const statements = Array.from({ length: 400 }, (_, index) =>
			env.DB.prepare(
				"INSERT INTO status_incidents (surface_id, opened_at, resolved_at, severity, freescout_ticket_id) VALUES ('charts', ?, ?, 'degraded', ?)",
			).bind(ago(400 - index), index % 50 === 0 ? null : ago(399 - index), 1000 + index),
		);
		await env.DB.batch(statements);
		await env.DB.exec("ANALYZE");
		const query = selectRecentIncidents(ago(30), MAX_LISTED_INCIDENTS).toSQL();
		const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
			.bind(...query.params)
			.all<{ detail: string }>();
		const details = results.map((row) => row.detail);
		expect(details.filter((detail) => detail.includes("status_incidents"))).toHaveLength(3);
		for (const detail of details) {
			expect(detail).not.toMatch(/^SCAN status_incidents/);
		}
	});
});
