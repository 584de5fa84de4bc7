import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { runStatusJobs } from "../../src/jobs/run-status-jobs";
import {
	ATLASSIAN_V2_PATHS,
	INTERNAL_PATHS,
	incidentPath,
	maintenancePath,
	PAGE_PATHS,
	PUBLIC_PATHS,
} from "../../src/paths";
import { foldUptime } from "../../src/verbs/fold-uptime";
import { countingD1 } from "./support/counting-d1";
import { relayBody, relaySignature, WEBHOOK_PATH } from "./support/freescout";
import { BASE_URL, CURRENT_TOKEN } from "./support/http";
import { healthyUrls, jobEnv } from "./support/jobs";
import { clearTables } from "./support/tables";

// Every statement the Worker sends to D1 in a representative workload, planned by SQLite on a
// database with history and fresh statistics: none may scan the audit log, the incidents or the
// uptime rollup. (Hand mutation caught: make the created_at bounds of the live audit read in
// src/db/uptime/queries.ts unindexable (+created_at), and its plan scans status_audit_log.)

const probe = countingD1(env.DB);
const LATEST_OPENED_WALK = "SCAN status_incidents USING COVERING INDEX status_incidents_opened_idx";

beforeAll(async () => {
	await clearTables();
	const history = [];
	for (let index = 0; index < 2000; index += 1) {
		const at = new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString();
		history.push(
			env.DB.prepare(
				"INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at) VALUES (?, 'ops', 'OPERATIONAL', 'DEGRADED', 'manual', NULL, ?)",
			).bind(index % 2 ? "charts" : "login", at),
		);
		if (index % 4 === 0) {
			history.push(
				env.DB.prepare(
					"INSERT INTO status_incidents (surface_id, opened_at, resolved_at, severity, freescout_ticket_id) VALUES ('charts', ?, ?, 'degraded', ?)",
				).bind(at, at, 100_000 + index),
			);
		}
	}
	await env.DB.batch(history);
	// Years of completed maintenance windows: what makes a careless status filter scan the table.
	await env.DB.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
		INSERT INTO status_maintenances (key, title, surface_ids, starts_at, ends_at, status, ended_at, created_at, updated_at)
		SELECT 'old-' || i, 'Old', '["charts"]', strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' hours'),
			strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' hours', '+30 minutes'), 'completed',
			strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' hours', '+30 minutes'), 'x', 'x' FROM n`).run();
	await env.DB.exec("ANALYZE");
});

async function send(path: string, init?: RequestInit) {
	const ctx = createExecutionContext();
	const response = await createApp().fetch(new Request(`${BASE_URL}${path}`, init), { ...env, DB: probe.db }, ctx);
	await response.arrayBuffer();
	await waitOnExecutionContext(ctx);
	expect(response.status).toBeLessThan(300);
}

it("no statement of the hot paths scans status_audit_log or status_incidents", async () => {
	const write = (body: unknown) =>
		send(INTERNAL_PATHS.updateSurface, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
			body: JSON.stringify(body),
		});
	await send(INTERNAL_PATHS.seedSurfaces, {
		method: "POST",
		headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
	});
	await write({ surface_id: "login", state: "DEGRADED", state_source: "manual", actor: "ops" });
	await write({
		surface_id: "deposits",
		state: "MAINTENANCE",
		state_source: "schedule",
		actor: "ops",
		maintenance_until: new Date(Date.now() + 3_600_000).toISOString(),
	});
	for (const [status, minute] of [
		["open", 0],
		["closed", 5],
	] as const) {
		const event = relayBody("conversation.updated", {
			id: 9,
			status,
			updated_at: `2026-11-26T08:0${minute}:00Z`,
			component: "charts",
			severity: "partial",
		});
		await send(WEBHOOK_PATH, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-FreeScout-Signature": await relaySignature(event) },
			body: event,
		});
	}
	await send(PUBLIC_PATHS.surfaces);
	await send(PUBLIC_PATHS.incidents);
	// One incident's whole timeline.
	const ticketNine = await env.DB.prepare("SELECT id FROM status_incidents WHERE freescout_ticket_id = 9").first<{
		id: number;
	}>();
	await send(incidentPath(`inc_${String(ticketNine?.id).padStart(5, "0")}`));
	// Scheduled maintenance: announced, started by a cycle, shortened, cancelled, listed.
	const maintenance = (key: string, method: string, body?: unknown) =>
		send(maintenancePath(key), {
			method,
			headers: { "Content-Type": "application/json", "X-Internal-Status-Token": CURRENT_TOKEN },
			...(body === undefined ? {} : { body: JSON.stringify(body) }),
		});
	const announcedAt = Date.now();
	const window = (minutes: number) => ({
		title: "Planned work",
		surface_ids: ["login", "charts"],
		starts_at: new Date(announcedAt - 60_000).toISOString(),
		ends_at: new Date(announcedAt + minutes * 60_000).toISOString(),
	});
	await maintenance("plan-a", "PUT", window(120));
	await maintenance("plan-b", "PUT", window(90));
	await runStatusJobs({ ...jobEnv(await healthyUrls()), DB: probe.db }, new Date());
	await maintenance("plan-a", "PUT", window(60));
	await maintenance("plan-b", "DELETE");
	await send(PUBLIC_PATHS.maintenances);
	await runStatusJobs({ ...jobEnv(await healthyUrls()), DB: probe.db }, new Date(Date.now() + 2 * 3_600_000));
	// The uptime history: its read, live and folded, and the fold and rebuild that keep it.
	await send(`${PUBLIC_PATHS.uptime}?days=90`);
	await send(`${PUBLIC_PATHS.uptime}?days=7&surface=charts`);
	await foldUptime(probe.db, "UTC", new Date());
	await send(`${INTERNAL_PATHS.rebuildUptime}?restart=true`, {
		method: "POST",
		headers: { "X-Internal-Status-Token": CURRENT_TOKEN },
	});
	await send(`${PUBLIC_PATHS.uptime}?days=30`);
	// The ecosystem's formats: Statuspage's API and the feeds, one snapshot read.
	await send(ATLASSIAN_V2_PATHS.summary);
	// The history: the rollup summed by month, the incidents of a few months and their counts.
	await send(PAGE_PATHS.history);
	await send(`${PAGE_PATHS.history}?before=2025-06`);
	await send(`${PUBLIC_PATHS.uptimeCsv}?months=12`);

	const distinct = new Map(probe.statements.map((statement) => [statement.sql, statement]));
	expect(distinct.size).toBeGreaterThan(10);
	const uptimeReads = [...distinct.keys()].filter((sql) => sql.includes("status_uptime_days"));
	expect(uptimeReads.length).toBeGreaterThanOrEqual(2);
	for (const { sql, params } of distinct.values()) {
		const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
			.bind(...params)
			.all<{ detail: string }>();
		for (const { detail } of results) {
			// The latest incidents (src/db/incidents/updates.ts): a walk of the opened_at index from its end that
			// stops after LIMIT rows, the one bounded SCAN allowed. (Hand mutation caught: ORDER BY
			// +opened_at, which sorts the whole table.)
			if (detail === LATEST_OPENED_WALK && sql.includes("ORDER BY opened_at DESC LIMIT ?")) continue;
			expect(detail, sql).not.toMatch(
				/^SCAN (status_audit_log|status_incidents|status_uptime_days|status_incident_events|status_maintenances)\b/,
			);
		}
	}
});
