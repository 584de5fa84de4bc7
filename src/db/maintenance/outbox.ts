import { randomId } from "../../lib/random-id";
import type { OutboxEntry } from "../notifications/outbox";
import { type SQL, sql } from "../sql";

const announced = (snapshot: SQL) =>
	sql`(json_extract(${snapshot}, '$.title'), json_extract(${snapshot}, '$.public_note'),
		json_extract(${snapshot}, '$.surface_ids'), json_extract(${snapshot}, '$.starts_at'),
		json_extract(${snapshot}, '$.ends_at'))`;

/**
 * The outbox entry of a maintenance window (by its key or its row id): scheduled when announced,
 * started, completed and cancelled as its status moves, updated when what was announced changes.
 * A window that passed while the cron did not run (missed) is completed silently: nothing happened.
 */
export function maintenanceOutboxEntry(window: { key: string } | { id: number }, nowIso: string): OutboxEntry {
	const where = "key" in window ? sql`m.key = ${window.key}` : sql`m.id = ${window.id}`;
	const row = sql`FROM status_maintenances AS m WHERE ${where}`;
	return {
		eventId: randomId("evt_"),
		subjectKind: "maintenance",
		snapshot: sql`(SELECT json_object('id', m.id, 'status', m.status, 'missed', m.missed, 'title', m.title,
			'public_note', m.public_note, 'surface_ids', json(m.surface_ids), 'starts_at', m.starts_at,
			'ends_at', m.ends_at, 'started_at', m.started_at, 'ended_at', m.ended_at, 'created_at', m.created_at,
			'surface_states', (SELECT json_group_object(s.surface_id, s.state) FROM surface_state AS s
				WHERE s.surface_id IN (SELECT value FROM json_each(m.surface_ids)))) ${row})`,
		subjectId: sql`(SELECT CAST(m.id AS TEXT) ${row})`,
		surfaceIds: sql`(SELECT json(m.surface_ids) ${row})`,
		typeOf: (before, after) => sql`CASE
			WHEN ${after} IS NULL OR json_extract(${after}, '$.missed') = 1 THEN NULL
			WHEN ${before} IS NULL THEN 'maintenance.scheduled'
			WHEN json_extract(${before}, '$.status') IS NOT json_extract(${after}, '$.status') THEN
				CASE json_extract(${after}, '$.status')
					WHEN 'in_progress' THEN 'maintenance.started'
					WHEN 'completed' THEN 'maintenance.completed'
					WHEN 'cancelled' THEN 'maintenance.cancelled' END
			WHEN ${announced(before)} IS NOT ${announced(after)} THEN 'maintenance.updated'
			ELSE NULL END`,
		nowIso,
	};
}
