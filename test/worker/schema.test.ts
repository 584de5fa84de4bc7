import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { updateSurface } from "./support/http";
import { clearTables } from "./support/tables";

// The three tables' columns as the runbook specified them, then the columns later migrations add
// (each says why).
const RUNBOOK_COLUMNS: Record<string, [name: string, type: string, pk: number][]> = {
	surface_state: [
		["surface_id", "TEXT", 1],
		["state", "TEXT", 0],
		["state_since", "TEXT", 0],
		["state_source", "TEXT", 0],
		["ticket_pending", "INTEGER", 0],
		["public_note", "TEXT", 0],
		["last_probe_at", "TEXT", 0],
		["maintenance_until", "TEXT", 0],
		["updated_at", "TEXT", 0],
	],
	status_incidents: [
		["id", "INTEGER", 1],
		["surface_id", "TEXT", 0],
		["opened_at", "TEXT", 0],
		["resolved_at", "TEXT", 0],
		["public_note", "TEXT", 0],
		["freescout_ticket_id", "INTEGER", 0],
		["severity", "TEXT", 0],
		["freescout_updated_at", "TEXT", 0], // 0001: FreeScout delivers out of order
	],
	status_audit_log: [
		["id", "INTEGER", 1],
		["surface_id", "TEXT", 0],
		["actor", "TEXT", 0],
		["previous_state", "TEXT", 0],
		["new_state", "TEXT", 0],
		["source", "TEXT", 0],
		["note", "TEXT", 0],
		["created_at", "TEXT", 0],
	],
};

// docs/operations.md, "Inspecting D1 state", character for character.
const RUNBOOK_QUERIES = [
	"SELECT surface_id, state, state_since, ticket_pending, public_note FROM surface_state ORDER BY surface_id;",
	"SELECT * FROM status_incidents WHERE resolved_at IS NULL ORDER BY opened_at DESC;",
	"SELECT * FROM status_audit_log ORDER BY created_at DESC LIMIT 20;",
	"SELECT * FROM status_audit_log WHERE surface_id = 'app-raxx-app' ORDER BY created_at DESC LIMIT 20;",
];

beforeAll(async () => {
	await clearTables();
	const write = (body: Record<string, unknown>) =>
		updateSurface({ surface_id: "app-raxx-app", state_source: "manual", actor: "ops", ...body });
	await write({ state: "DEGRADED", public_note: "Investigating login issues", ticket_pending: true });
	await write({ state: "OPERATIONAL", public_note: null, ticket_pending: false });
	await updateSurface({
		surface_id: "cloudflare",
		state: "OPERATIONAL",
		state_source: "3p_poller",
		actor: "3p_poller",
	});
	await env.DB.prepare(
		"INSERT INTO status_incidents (surface_id, opened_at, severity, freescout_ticket_id) VALUES ('login', '2026-11-26T10:00:00.000Z', 'down', 9001)",
	).run();
});

describe("the migrated schema", () => {
	for (const [table, columns] of Object.entries(RUNBOOK_COLUMNS)) {
		it(`${table} has the runbook's columns, in order, and only the added ones after them`, async () => {
			const { results } = await env.DB.prepare(`PRAGMA table_info(${table})`).all<{
				name: string;
				type: string;
				pk: number;
			}>();
			expect(results.map((column) => [column.name, column.type.toUpperCase(), column.pk])).toEqual(columns);
		});
	}

	it("makes freescout_ticket_id unique and id autoincrement", async () => {
		const duplicate = env.DB.prepare(
			"INSERT INTO status_incidents (surface_id, opened_at, severity, freescout_ticket_id) VALUES ('charts', '2026-11-26T11:00:00.000Z', 'degraded', 9001)",
		).run();
		await expect(duplicate).rejects.toThrow(/UNIQUE/);
		const { results } = await env.DB.prepare(
			"SELECT sql FROM sqlite_master WHERE name IN ('status_incidents', 'status_audit_log')",
		).all<{ sql: string }>();
		for (const { sql } of results) expect(sql).toMatch(/AUTOINCREMENT/);
	});

	it("refuses states, sources and notes outside the vocabulary", async () => {
		const insert = (state: string, source: string, note: string | null) =>
			env.DB.prepare(
				"INSERT INTO surface_state (surface_id, state, state_since, state_source, ticket_pending, public_note, updated_at) VALUES ('x', ?, 'now', ?, 0, ?, 'now')",
			)
				.bind(state, source, note)
				.run();
		await expect(insert("ON_FIRE", "manual", null)).rejects.toThrow(/CHECK/);
		await expect(insert("DOWN", "pagerduty", null)).rejects.toThrow(/CHECK/);
		await expect(insert("DOWN", "manual", "n".repeat(281))).rejects.toThrow(/CHECK/);
	});
});

describe("the runbook's inspection queries run unchanged", () => {
	it("lists all surface states", async () => {
		const { results } = await env.DB.prepare(RUNBOOK_QUERIES[0] as string).all();
		expect(results).toEqual([
			{
				surface_id: "app-raxx-app",
				state: "OPERATIONAL",
				state_since: expect.any(String),
				ticket_pending: 0,
				public_note: null,
			},
			{
				surface_id: "cloudflare",
				state: "OPERATIONAL",
				state_since: expect.any(String),
				ticket_pending: 0,
				public_note: null,
			},
		]);
	});

	it("lists open incidents", async () => {
		const { results } = await env.DB.prepare(RUNBOOK_QUERIES[1] as string).all();
		expect(results).toMatchObject([{ surface_id: "login", severity: "down", resolved_at: null }]);
	});

	it("lists the last 20 audit entries, and those of one surface", async () => {
		const last = await env.DB.prepare(RUNBOOK_QUERIES[2] as string).all();
		expect(last.results).toHaveLength(3);
		const forSurface = await env.DB.prepare(RUNBOOK_QUERIES[3] as string).all<{ new_state: string }>();
		expect(forSurface.results.map((row) => row.new_state).sort()).toEqual(["DEGRADED", "OPERATIONAL"]);
	});
});
