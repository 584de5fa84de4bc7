// The data the bench loads into its local D1: the page's own, then years of history.
import { TOKEN } from "./settings.ts";

// What the public page shows: 20 incidents in the last 30 days, three of them open. Loaded first,
// so that the "empty" and the loaded database give the same answers and only the history differs.
export const RECENT_SQL = [
	`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
	INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity)
	SELECT 'charts', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * 36) || ' hours'),
		CASE WHEN i <= 3 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * 36 - 2) || ' hours') END,
		'bench incident ' || i, 2000000 + i, 'degraded' FROM n`,
];

// Every incident's timeline: three updates each (investigating, identified, monitoring), ten
// minutes apart; the unique (incident, at) index keeps a second run from doubling them.
export const TIMELINE_SQL = `INSERT OR IGNORE INTO status_incident_events (incident_id, at, status, severity, public_note)
	SELECT i.id, strftime('%Y-%m-%dT%H:%M:%fZ', i.opened_at, '+' || (k.n * 10) || ' minutes'),
		CASE k.n WHEN 0 THEN 'investigating' WHEN 1 THEN 'identified' ELSE 'monitoring' END, i.severity,
		'bench update ' || k.n
	FROM status_incidents AS i, (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2) AS k`;

// Scheduled maintenance the page shows: one upcoming, one completed two days ago, one cancelled.
export const RECENT_MAINTENANCE_SQL = `INSERT INTO status_maintenances
	(key, title, public_note, surface_ids, starts_at, ends_at, status, missed, ended_at, created_at, updated_at)
	VALUES
	('bench-upcoming', 'Database upgrade', 'Orders may be delayed', '["order-placement","order-execution"]',
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+2 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+2 days', '+2 hours'),
		'scheduled', 0, NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
	('bench-done', 'Network maintenance', NULL, '["realtime-quotes"]',
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days', '+1 hour'),
		'completed', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days', '+1 hour'), '2026-01-01T00:00:00.000Z',
		'2026-01-01T00:00:00.000Z'),
	('bench-cancelled', 'Vendor migration', NULL, '["deposits"]',
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+5 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+5 days', '+1 hour'),
		'cancelled', 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 days'), '2026-01-01T00:00:00.000Z',
		'2026-01-01T00:00:00.000Z')`;

// Years of maintenance the page no longer shows: 20,000 windows completed before the 30 days.
export const OLD_MAINTENANCE_SQL = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
	INSERT INTO status_maintenances
	(key, title, public_note, surface_ids, starts_at, ends_at, status, missed, ended_at, created_at, updated_at)
	SELECT 'bench-old-' || i, 'Old maintenance ' || i, NULL, '["charts"]',
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (31 + i) || ' days'),
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (31 + i) || ' days', '+1 hour'), 'completed', 0,
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (31 + i) || ' days', '+1 hour'),
		'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
	FROM n`;

// The uptime history of a calm quarter: each registered surface changes state a few times a day
// (?1: their ids, as JSON). Loaded with the recent incidents, before the first measurement.
export const calmQuarterSql = (
	transitions: number,
) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${transitions})
	INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at)
	SELECT json_extract(?1, '$[' || (i % json_array_length(?1)) || ']'), 'bench', NULL,
		CASE i % 7 WHEN 0 THEN 'DOWN' WHEN 1 THEN 'PARTIAL' WHEN 2 THEN 'DEGRADED' WHEN 3 THEN 'MAINTENANCE' ELSE 'OPERATIONAL' END,
		'manual', 'bench uptime', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (i * ${(90 * 86_400) / transitions}) || ' seconds')
	FROM n`;
export const CALM_QUARTER_TRANSITIONS = 24 * 90 * 4;
/** A quarter of flapping: the 90-day window of the uptime history holds this many transitions. */
export const FLAPPING_QUARTER_TRANSITIONS = 1_000_000;

// Years of history the public page never shows: 476 more surfaces, 1,000,000 audit rows, and
// incidents resolved before the 30-day window (50,000 in all with the recent ones).
export const HISTORY_SQL = [
	`WITH RECURSIVE n(i) AS (SELECT 25 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
	INSERT OR IGNORE INTO surface_state (surface_id, state, state_since, state_source, ticket_pending, public_note, updated_at)
	SELECT 'bench-surface-' || i, 'OPERATIONAL', '2026-01-01T00:00:00.000Z', 'manual', 0, NULL, '2026-01-01T00:00:00.000Z' FROM n`,
	...Array.from(
		{ length: 4 },
		(
			_,
			part,
		) => `WITH RECURSIVE n(i) AS (SELECT ${part * 250_000 + 1} UNION ALL SELECT i + 1 FROM n WHERE i < ${(part + 1) * 250_000})
	INSERT INTO status_audit_log (surface_id, actor, previous_state, new_state, source, note, created_at)
	SELECT 'bench-surface-' || (25 + i % 476), 'bench', 'OPERATIONAL', 'DEGRADED', 'manual', 'bench history',
		strftime('%Y-%m-%dT%H:%M:%fZ', '2016-01-01', '+' || (i * 5) || ' minutes') FROM n`,
	),
	`WITH RECURSIVE n(i) AS (SELECT 21 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
	INSERT INTO status_incidents (surface_id, opened_at, resolved_at, public_note, freescout_ticket_id, severity)
	SELECT CASE WHEN i % 2 = 0 THEN 'charts' ELSE 'bench-surface-' || (25 + i % 476) END,
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (44000 + (i - 20) * 100) || ' minutes'),
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (44000 + (i - 20) * 100 - 30) || ' minutes'),
		'bench incident ' || i, 2000000 + i, 'degraded' FROM n`,
	"ANALYZE",
];

/** Rebuilds the uptime rollup through the Worker, as `npm run db:rebuild-rollup` does; how long it took. */
export async function rebuildRollup(origin: string): Promise<string> {
	const started = performance.now();
	for (let calls = 1; calls <= 100; calls += 1) {
		const response = await fetch(`${origin}/api/internal/status/rebuild-uptime?restart=${calls === 1}`, {
			method: "POST",
			headers: { "X-Internal-Status-Token": TOKEN },
		});
		if (response.status !== 200)
			throw new Error(`rebuilding the rollup failed: ${response.status} ${await response.text()}`);
		const answer = (await response.json()) as { up_to_date: boolean };
		if (answer.up_to_date) return `${((performance.now() - started) / 1000).toFixed(1)} s, ${calls} calls`;
	}
	throw new Error("the rollup was not up to date after 100 calls");
}

/** The bench's own write: `charts` to DEGRADED and back, in turns, through update-surface. */
export const benchWrite = (round: number): RequestInit => ({
	method: "POST",
	headers: { "Content-Type": "application/json", "X-Internal-Status-Token": TOKEN },
	body: JSON.stringify({
		surface_id: "charts",
		state: round % 2 === 0 ? "DEGRADED" : "OPERATIONAL",
		state_source: "manual",
		actor: "bench",
	}),
});
