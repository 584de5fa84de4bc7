import type { EventType } from "../../domain/notifications/event";
import { randomId } from "../../lib/random-id";
import type { BatchPlan } from "../batch-plan";
import type { OutboxEntry } from "../notifications/outbox";
import { type Db, type SQL, sql, statement } from "../sql";

const announced = (snapshot: SQL) =>
	sql`(json_extract(${snapshot}, '$.title'), json_extract(${snapshot}, '$.public_note'),
		json_extract(${snapshot}, '$.surface_ids'), json_extract(${snapshot}, '$.starts_at'),
		json_extract(${snapshot}, '$.ends_at'))`;

/** The window `where` picks, as a JSON object; NULL when there is none. */
const snapshotOf = (where: SQL) => sql<
	string | null
>`(SELECT json_object('id', m.id, 'status', m.status, 'missed', m.missed,
	'title', m.title, 'public_note', m.public_note, 'surface_ids', json(m.surface_ids), 'starts_at', m.starts_at,
	'ends_at', m.ends_at, 'started_at', m.started_at, 'ended_at', m.ended_at, 'created_at', m.created_at,
	'surface_states', (SELECT json_group_object(s.surface_id, s.state) FROM surface_state AS s
		WHERE s.surface_id IN (SELECT value FROM json_each(m.surface_ids))))
	FROM status_maintenances AS m WHERE ${where})`;

/**
 * A window's event from its snapshots: scheduled when announced, started, completed and cancelled
 * as its status moves, updated when what was announced changes. A window that passed while the
 * cron did not run (missed) is completed silently: nothing happened.
 */
const windowEventType = (before: SQL, after: SQL) => sql<EventType | null>`CASE
	WHEN ${after} IS NULL OR json_extract(${after}, '$.missed') = 1 THEN NULL
	WHEN ${before} IS NULL THEN 'maintenance.scheduled'
	WHEN json_extract(${before}, '$.status') IS NOT json_extract(${after}, '$.status') THEN
		CASE json_extract(${after}, '$.status')
			WHEN 'in_progress' THEN 'maintenance.started'
			WHEN 'completed' THEN 'maintenance.completed'
			WHEN 'cancelled' THEN 'maintenance.cancelled' END
	WHEN ${announced(before)} IS NOT ${announced(after)} THEN 'maintenance.updated'
	ELSE NULL END`;

/** The outbox entry of the window under an operator's key (PUT and DELETE of a window). */
export function maintenanceOutboxEntry(window: { key: string }, nowIso: string): OutboxEntry {
	const where = sql`m.key = ${window.key}`;
	return {
		eventId: randomId("evt_"),
		subjectKind: "maintenance",
		snapshot: snapshotOf(where),
		subjectId: sql`(SELECT CAST(m.id AS TEXT) FROM status_maintenances AS m WHERE ${where})`,
		surfaceIds: sql`(SELECT json(m.surface_ids) FROM status_maintenances AS m WHERE ${where})`,
		typeOf: windowEventType,
		nowIso,
	};
}

/**
 * The events of the windows a cron cycle acts on, all in three statements whatever their number:
 * the drafts (each window as it was) before the windows' changes, then each settled from the
 * window as it is, then the drafts that say nothing deleted.
 */
export function dueWindowsOutboxPlans(db: Db, windowIds: readonly number[], nowIso: string) {
	const events = JSON.stringify(Object.fromEntries(windowIds.map((id) => [randomId("evt_"), String(id)])));
	const eachWindow = sql`CAST(notification_events.subject_id AS INTEGER)`;
	const after = snapshotOf(sql`m.id = ${eachWindow}`);
	const draft = sql`INSERT INTO notification_events (id, subject_kind, subject_id, before, occurred_at)
		SELECT planned.key, 'maintenance', planned.value, ${snapshotOf(sql`m.id = CAST(planned.value AS INTEGER)`)}, ${nowIso}
		FROM json_each(${events}) AS planned`;
	const settle = sql`UPDATE notification_events SET
			type = ${windowEventType(sql`notification_events.before`, after)},
			after = ${after},
			surface_ids = (SELECT json(m.surface_ids) FROM status_maintenances AS m WHERE m.id = ${eachWindow}),
			sequence = (SELECT coalesce(max(previous.sequence), 0) + 1 FROM notification_events AS previous
				WHERE previous.subject_kind = 'maintenance' AND previous.subject_id = notification_events.subject_id
					AND previous.type IS NOT NULL)
		WHERE id IN (SELECT key FROM json_each(${events}))`;
	const dropEmpty = sql`DELETE FROM notification_events WHERE id IN (SELECT key FROM json_each(${events})) AND type IS NULL`;
	const draftPlan: BatchPlan<null> = { statements: [statement(db, draft)], read: () => null };
	const settlePlan: BatchPlan<null> = {
		statements: [statement(db, settle), statement(db, dropEmpty)],
		read: () => null,
	};
	return { draft: draftPlan, settle: settlePlan };
}
