import { sql, type Table } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { JOB_OUTCOMES, STATUS_JOBS } from "../domain/job-health";
import { EVENT_TYPES } from "../domain/notifications/event";
import { DELIVERY_STATUSES, EVENT_SUBJECT_KINDS, SUBSCRIBER_NAME_MAX_LENGTH } from "../domain/notifications/outbox";
import { DELIVERY_KINDS, SUBSCRIBER_ORIGINS } from "../domain/notifications/subscriber-url";
import { SUBSCRIPTION_KINDS } from "../domain/subscriptions/limits";
import {
	AUTOMATED_SOURCES,
	INCIDENT_SEVERITIES,
	INCIDENT_STATUSES,
	INCIDENT_TITLE_MAX_LENGTH,
	MAINTENANCE_STATUSES,
	MAINTENANCE_TITLE_MAX_LENGTH,
	PUBLIC_NOTE_MAX_LENGTH,
	STATE_SOURCES,
	SURFACE_STATES,
} from "../domain/vocabulary";

// The single source of the tables: drizzle-kit generates drizzle/NNNN_*.sql from this file.
// surface_state, status_incidents and status_audit_log keep the runbook's names and columns (the
// queries of docs/operations.md, "Inspecting D1 state", run on them unchanged); timestamps are
// ISO 8601 UTC text.

const inList = (column: string, values: readonly string[]) =>
	`${column} IN (${values.map((value) => `'${value}'`).join(", ")})`;
const oneOf = (column: string, values: readonly string[]) => sql.raw(inList(column, values));

export const surfaceState = sqliteTable(
	"surface_state",
	{
		surfaceId: text("surface_id").primaryKey(),
		state: text("state", { enum: SURFACE_STATES }).notNull(),
		stateSince: text("state_since").notNull(),
		stateSource: text("state_source", { enum: STATE_SOURCES }).notNull(),
		ticketPending: integer("ticket_pending").notNull().default(0),
		publicNote: text("public_note"),
		lastProbeAt: text("last_probe_at"),
		maintenanceUntil: text("maintenance_until"),
		updatedAt: text("updated_at").notNull(),
	},
	() => [
		check("surface_state_state_check", oneOf("state", SURFACE_STATES)),
		check("surface_state_source_check", oneOf("state_source", STATE_SOURCES)),
		check("surface_state_ticket_pending_check", sql.raw("ticket_pending IN (0, 1)")),
		check(
			"surface_state_public_note_check",
			sql.raw(`public_note IS NULL OR length(public_note) <= ${PUBLIC_NOTE_MAX_LENGTH}`),
		),
	],
);

export const statusIncidents = sqliteTable(
	"status_incidents",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		surfaceId: text("surface_id").notNull(),
		openedAt: text("opened_at").notNull(),
		resolvedAt: text("resolved_at"),
		publicNote: text("public_note"),
		freescoutTicketId: integer("freescout_ticket_id").unique(),
		severity: text("severity", { enum: INCIDENT_SEVERITIES }).notNull(),
		// The ticket's update time of the last FreeScout event applied; an older event is ignored.
		freescoutUpdatedAt: text("freescout_updated_at"),
	},
	(table) => [
		// "open incidents" (resolved_at IS NULL ORDER BY opened_at DESC) and the public 30-day window.
		index("status_incidents_resolved_opened_idx").on(table.resolvedAt, table.openedAt),
		index("status_incidents_opened_idx").on(table.openedAt),
		index("status_incidents_surface_idx").on(table.surfaceId, table.resolvedAt),
		check("status_incidents_severity_check", oneOf("severity", INCIDENT_SEVERITIES)),
	],
);

export const statusAuditLog = sqliteTable(
	"status_audit_log",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		surfaceId: text("surface_id").notNull(),
		actor: text("actor").notNull(),
		previousState: text("previous_state", { enum: SURFACE_STATES }),
		newState: text("new_state", { enum: SURFACE_STATES }).notNull(),
		source: text("source", { enum: STATE_SOURCES }).notNull(),
		note: text("note"),
		createdAt: text("created_at").notNull(),
	},
	(table) => [
		// The "audit log for a surface" and "last 20 entries" queries of docs/operations.md.
		index("status_audit_log_surface_created_idx").on(table.surfaceId, table.createdAt),
		index("status_audit_log_created_idx").on(table.createdAt),
	],
);

/**
 * Every distinct event of an incident's ticket, by the ticket's update time (the first delivery
 * of an update time stands, as for the incident itself), kept even when it arrived after a newer
 * one: the incident's timeline. The public updates are the events whose status, severity or note
 * differs from the event before them in ticket time (src/db/incidents/updates.ts).
 */
export const statusIncidentEvents = sqliteTable(
	"status_incident_events",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		incidentId: integer("incident_id").notNull(),
		/** The ticket's update time: orders the timeline whatever order deliveries came in. */
		at: text("at").notNull(),
		status: text("status", { enum: INCIDENT_STATUSES }).notNull(),
		severity: text("severity", { enum: INCIDENT_SEVERITIES }).notNull(),
		publicNote: text("public_note"),
	},
	(table) => [
		uniqueIndex("status_incident_events_incident_at_idx").on(table.incidentId, table.at),
		check("status_incident_events_status_check", oneOf("status", INCIDENT_STATUSES)),
		check("status_incident_events_severity_check", oneOf("severity", INCIDENT_SEVERITIES)),
		check(
			"status_incident_events_public_note_check",
			sql.raw(`public_note IS NULL OR length(public_note) <= ${PUBLIC_NOTE_MAX_LENGTH}`),
		),
	],
);

/**
 * The public title the helpdesk gave an incident (its ticket's title field), beside the runbook's
 * status_incidents, whose columns stay as they are. Written in the batch of the ticket event that
 * set it; NULL when the field was cleared (the page then shows the generated title).
 */
export const statusIncidentTitles = sqliteTable(
	"status_incident_titles",
	{
		incidentId: integer("incident_id").primaryKey(),
		title: text("title"),
		/** The ticket's update time of the event that wrote the title: an older event does not replace it. */
		ticketUpdatedAt: text("ticket_updated_at").notNull(),
	},
	() => [
		check(
			"status_incident_titles_title_check",
			sql.raw(`title IS NULL OR length(title) BETWEEN 1 AND ${INCIDENT_TITLE_MAX_LENGTH}`),
		),
	],
);

/**
 * Maintenance announced ahead of time (PUT /api/internal/status/maintenances/{key}). The Cron
 * Trigger starts each window when it is due (its surfaces go to MAINTENANCE, source schedule) and
 * marks it completed when it has ended; the surfaces' own maintenance_until ends their windows.
 */
export const statusMaintenances = sqliteTable(
	"status_maintenances",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		/** The caller's key: a PUT with the same key is the same window. Never shown publicly. */
		key: text("key").notNull().unique(),
		title: text("title").notNull(),
		publicNote: text("public_note"),
		/** JSON array of registered surface ids. */
		surfaceIds: text("surface_ids").notNull(),
		startsAt: text("starts_at").notNull(),
		endsAt: text("ends_at").notNull(),
		status: text("status", { enum: MAINTENANCE_STATUSES }).notNull(),
		/** 1: the window passed while the cron did not run; recorded completed, with no transitions. */
		missed: integer("missed").notNull().default(0),
		/** When the cron started it, and when it was completed or cancelled. */
		startedAt: text("started_at"),
		endedAt: text("ended_at"),
		createdAt: text("created_at").notNull(),
		updatedAt: text("updated_at").notNull(),
		/**
		 * Who wrote the row last: a random id per write. Two writes in one millisecond share
		 * updated_at, so only this tells a batch whether its own change is the one that landed.
		 */
		writeId: text("write_id"),
	},
	(table) => [
		// The cron's "scheduled and due" and "in progress and over", the public list's "ended since".
		index("status_maintenances_status_starts_idx").on(table.status, table.startsAt),
		index("status_maintenances_status_ends_idx").on(table.status, table.endsAt),
		index("status_maintenances_status_ended_idx").on(table.status, table.endedAt),
		check("status_maintenances_status_check", oneOf("status", MAINTENANCE_STATUSES)),
		check("status_maintenances_missed_check", sql.raw("missed IN (0, 1)")),
		check("status_maintenances_title_check", sql.raw(`length(title) BETWEEN 1 AND ${MAINTENANCE_TITLE_MAX_LENGTH}`)),
		check(
			"status_maintenances_public_note_check",
			sql.raw(`public_note IS NULL OR length(public_note) <= ${PUBLIC_NOTE_MAX_LENGTH}`),
		),
		check("status_maintenances_window_check", sql.raw("ends_at > starts_at")),
	],
);

/**
 * What the automated checks (partner poller, prober) last saw of each surface, and how many times
 * in a row: the damping that keeps one bad poll or a flapping probe from moving the state.
 */
export const surfaceChecks = sqliteTable(
	"surface_checks",
	{
		surfaceId: text("surface_id").primaryKey(),
		source: text("source", { enum: AUTOMATED_SOURCES }).notNull(),
		/** A state name, or FAILED when the check itself failed. */
		observation: text("observation").notNull(),
		streak: integer("streak").notNull(),
		/** The state the check stands by once its streak reached the threshold; NULL before. */
		settledState: text("settled_state", { enum: SURFACE_STATES }),
		checkedAt: text("checked_at").notNull(),
		detail: text("detail"),
		/** When the check's current run of failures began (a poll that could not read the page, a probe not up); NULL while it succeeds. */
		failingSince: text("failing_since"),
		/** The check's latest failure and its readable reason, kept after it recovers. */
		lastFailedAt: text("last_failed_at"),
		lastFailure: text("last_failure"),
	},
	() => [check("surface_checks_source_check", oneOf("source", AUTOMATED_SOURCES))],
);

/**
 * One row: a counter that triggers (migration 0004) bump whenever anything the public page shows
 * changes, so public reads get a strong ETag without hashing what they read.
 */
export const statusVersion = sqliteTable(
	"status_version",
	{
		id: integer("id").primaryKey(),
		version: integer("version").notNull(),
	},
	() => [check("status_version_single_row", sql.raw("id = 1"))],
);

export type SurfaceStateRow = typeof surfaceState.$inferSelect;
/** An incident as the reads return it: its row, and the helpdesk's title if it gave one. */
export type IncidentRow = typeof statusIncidents.$inferSelect & { publicTitle: string | null };
export type IncidentEventRow = typeof statusIncidentEvents.$inferSelect;
export type MaintenanceTableRow = typeof statusMaintenances.$inferSelect;
export type AuditRow = typeof statusAuditLog.$inferSelect;

/**
 * The uptime history's daily rollup: for each day of the page's time zone that has ended, how
 * long each surface spent in each state and the worst state it held. Derived from
 * status_audit_log alone - folded in by the Cron Trigger, rebuilt by `npm run db:rebuild-rollup` -
 * so a read of 90 days reads surfaces x days rows, not every transition. A day without a row had
 * no data (all UNKNOWN).
 */
export const statusUptimeDays = sqliteTable(
	"status_uptime_days",
	{
		timeZone: text("time_zone").notNull(),
		/** The local calendar date, YYYY-MM-DD. */
		date: text("date").notNull(),
		surfaceId: text("surface_id").notNull(),
		operationalMs: integer("operational_ms").notNull(),
		degradedMs: integer("degraded_ms").notNull(),
		partialMs: integer("partial_ms").notNull(),
		downMs: integer("down_ms").notNull(),
		maintenanceMs: integer("maintenance_ms").notNull(),
		unknownMs: integer("unknown_ms").notNull(),
		/** The worst known state held at any moment of the day; NULL when none was known. */
		worst: text("worst", { enum: SURFACE_STATES }),
	},
	(table) => [
		// A window's rows are one range of this key: (zone, first date ..).
		primaryKey({ columns: [table.timeZone, table.date, table.surfaceId] }),
		check("status_uptime_days_worst_check", sql.raw(`worst IS NULL OR ${inList("worst", SURFACE_STATES)}`)),
	],
);

/**
 * How far the rollup of each time zone goes: every day that ends at or before `folded_through`
 * (the first instant of a day in that zone) is in status_uptime_days; what follows is read live.
 */
export const statusUptimeFold = sqliteTable("status_uptime_fold", {
	timeZone: text("time_zone").primaryKey(),
	foldedThrough: text("folded_through").notNull(),
	/**
	 * Which rollup this is: drawn when the zone's first fold writes this row, kept by every later
	 * fold, new after a rebuild. Within one rollup the fold only ever writes the day of its fold
	 * point and later ones, so a reader that holds earlier days may keep them while this is unchanged.
	 */
	rollupId: text("rollup_id").notNull().default(""),
});

export type UptimeDayRow = typeof statusUptimeDays.$inferSelect;

/**
 * Each scheduled job's last run (GET /api/internal/status/jobs): written in the cycle's own
 * batches, or, when the batch that carried it failed, in a small write of its own.
 */
export const statusJobRuns = sqliteTable(
	"status_job_runs",
	{
		job: text("job", { enum: STATUS_JOBS }).primaryKey(),
		startedAt: text("started_at").notNull(),
		durationMs: integer("duration_ms").notNull(),
		outcome: text("outcome", { enum: JOB_OUTCOMES }).notNull(),
		/** JSON object of counts: what the run looked at and changed. */
		changes: text("changes").notNull(),
		/** Why the run failed; NULL when it did not. */
		error: text("error"),
		/** The start of the job's last run that succeeded. */
		lastOkAt: text("last_ok_at"),
	},
	() => [
		check("status_job_runs_job_check", oneOf("job", STATUS_JOBS)),
		check("status_job_runs_outcome_check", oneOf("outcome", JOB_OUTCOMES)),
		check("status_job_runs_error_check", sql.raw("(outcome = 'failed') = (error IS NOT NULL)")),
	],
);

/** A row of `T` as D1 returns it to SQL text: each column under its SQL name. */
export type RawRow<T extends Table> = {
	[Key in keyof T["$inferSelect"] &
		keyof T["_"]["columns"] as T["_"]["columns"][Key]["_"]["name"]]: T["$inferSelect"][Key];
};

/**
 * Who is told: an operator's subscriber (a generic webhook, a Statuspage-shaped webhook, or a chat
 * incoming webhook). `url` and the secrets are never shown whole after creation.
 */
export const notificationSubscribers = sqliteTable(
	"notification_subscribers",
	{
		/** sub_ + random. */
		id: text("id").primaryKey(),
		kind: text("kind", { enum: DELIVERY_KINDS }).notNull(),
		name: text("name").notNull(),
		url: text("url").notNull(),
		/** JSON array of the event types it wants. */
		events: text("events").notNull(),
		/** JSON array of surface ids it wants events of; NULL: all. */
		surfaceIds: text("surface_ids"),
		enabled: integer("enabled").notNull().default(1),
		/** Why it is disabled (by an operator, or by the deliveries: a 410, 10 failures in a row). */
		disabledReason: text("disabled_reason"),
		/** webhook only: whsec_ + base64; the previous one signs too until previous_secret_until. */
		secret: text("secret"),
		previousSecret: text("previous_secret"),
		previousSecretUntil: text("previous_secret_until"),
		consecutiveFailures: integer("consecutive_failures").notNull().default(0),
		origin: text("origin", { enum: SUBSCRIBER_ORIGINS }).notNull().default("operator"),
		/** Self-service only: sha256 hex of the manage token its messages' links carry (never the token). */
		manageTokenHash: text("manage_token_hash"),
		createdAt: text("created_at").notNull(),
		updatedAt: text("updated_at").notNull(),
	},
	(table) => [
		index("notification_subscribers_enabled_idx").on(table.enabled),
		uniqueIndex("notification_subscribers_manage_token_idx").on(table.manageTokenHash),
		index("notification_subscribers_origin_kind_idx").on(table.origin, table.kind, table.enabled),
		check("notification_subscribers_kind_check", oneOf("kind", DELIVERY_KINDS)),
		check("notification_subscribers_origin_check", oneOf("origin", SUBSCRIBER_ORIGINS)),
		check(
			"notification_subscribers_manage_token_check",
			sql.raw("(origin = 'self_service') = (manage_token_hash IS NOT NULL)"),
		),
		check("notification_subscribers_enabled_check", sql.raw("enabled IN (0, 1)")),
		check("notification_subscribers_secret_check", sql.raw("(kind = 'webhook') = (secret IS NOT NULL)")),
		check("notification_subscribers_name_check", sql.raw(`length(name) BETWEEN 1 AND ${SUBSCRIBER_NAME_MAX_LENGTH}`)),
	],
);

/**
 * The outbox: one row per change people are told about, written in the change's own D1 batch
 * (src/db/notifications/outbox.ts). A row starts inside the batch as a draft holding the subject
 * before the change (`before`, `type` NULL) and is settled or deleted before the batch ends, so
 * no committed row is a draft.
 */
export const notificationEvents = sqliteTable(
	"notification_events",
	{
		/** evt_ + random. */
		id: text("id").primaryKey(),
		/** NULL only inside the batch that writes it. */
		type: text("type", { enum: EVENT_TYPES }),
		subjectKind: text("subject_kind", { enum: EVENT_SUBJECT_KINDS }).notNull(),
		/** The incident's or window's row id, or the surface id. */
		subjectId: text("subject_id"),
		/** 1, 2, ... per subject. */
		sequence: integer("sequence"),
		/** JSON array of the surfaces it concerns: what subscribers' surface filters match. */
		surfaceIds: text("surface_ids"),
		/** JSON: the subject before and after the change. */
		before: text("before"),
		after: text("after"),
		occurredAt: text("occurred_at").notNull(),
		/** When its deliveries were created; NULL until then (the cron finds it again). */
		fannedOutAt: text("fanned_out_at"),
	},
	(table) => [
		uniqueIndex("notification_events_subject_sequence_idx").on(table.subjectKind, table.subjectId, table.sequence),
		index("notification_events_fan_out_idx").on(table.fannedOutAt, table.occurredAt),
		check("notification_events_type_check", sql.raw(`type IS NULL OR ${inList("type", EVENT_TYPES)}`)),
		check("notification_events_subject_kind_check", oneOf("subject_kind", EVENT_SUBJECT_KINDS)),
	],
);

/**
 * One (event, subscriber) delivery and its attempts: UNIQUE, so every step that creates or sends
 * one is idempotent, and a redelivered queue message finds it delivered.
 */
export const notificationDeliveries = sqliteTable(
	"notification_deliveries",
	{
		/** msg_ + random: the webhook-id receivers deduplicate on, the same on every attempt. */
		id: text("id").primaryKey(),
		eventId: text("event_id").notNull(),
		subscriberId: text("subscriber_id").notNull(),
		status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
		attempts: integer("attempts").notNull().default(0),
		lastStatusCode: integer("last_status_code"),
		lastError: text("last_error"),
		/** When the next attempt is due (pending); what the cron compares to find lost messages. */
		nextAttemptAt: text("next_attempt_at"),
		/** When a queue message for it was last sent; NULL: never (the cron sends one). */
		enqueuedAt: text("enqueued_at"),
		/** An attempt in flight holds the delivery until then: a second message waits or stops. */
		leaseUntil: text("lease_until"),
		deliveredAt: text("delivered_at"),
		createdAt: text("created_at").notNull(),
		updatedAt: text("updated_at").notNull(),
	},
	(table) => [
		uniqueIndex("notification_deliveries_event_subscriber_idx").on(table.eventId, table.subscriberId),
		index("notification_deliveries_status_next_idx").on(table.status, table.nextAttemptAt),
		// With id last, so that the operators' listings walk it newest first without a sort, as they do these:
		index("notification_deliveries_subscriber_idx").on(table.subscriberId, table.createdAt, table.id),
		// the operators' listings of one status, and of all.
		index("notification_deliveries_status_created_idx").on(table.status, table.createdAt, table.id),
		index("notification_deliveries_created_idx").on(table.createdAt, table.id),
		check("notification_deliveries_status_check", oneOf("status", DELIVERY_STATUSES)),
	],
);

/** What happened to subscribers, by whom: created, changed, rotated, disabled by a receiver, removed. */
export const notificationAuditLog = sqliteTable(
	"notification_audit_log",
	{
		id: integer("id").primaryKey({ autoIncrement: true }),
		subscriberId: text("subscriber_id").notNull(),
		actor: text("actor").notNull(),
		action: text("action").notNull(),
		/** Never a URL or a secret. */
		detail: text("detail"),
		createdAt: text("created_at").notNull(),
	},
	(table) => [index("notification_audit_log_subscriber_idx").on(table.subscriberId, table.createdAt)],
);

/**
 * A self-service subscription waiting for its confirmation (double opt-in): it receives nothing; confirming
 * makes it a notification_subscribers row and deletes it; the cron deletes it once expired.
 */
export const subscriptionRequests = sqliteTable(
	"subscription_requests",
	{
		/** sreq_ + random. */
		id: text("id").primaryKey(),
		kind: text("kind", { enum: SUBSCRIPTION_KINDS }).notNull(),
		/** The normalised email address or webhook URL: never shown, logged or audited. */
		address: text("address").notNull(),
		/** sha256 hex of `address`: the per-address caps and the suppression list match on it. */
		addressHash: text("address_hash").notNull(),
		/** JSON array of surface ids; NULL: every surface. */
		surfaceIds: text("surface_ids"),
		/** sha256 hex of the single-use confirm token (never the token). */
		tokenHash: text("token_hash").notNull(),
		/** webhook only: the whsec_ secret it will sign with once confirmed. */
		secret: text("secret"),
		expiresAt: text("expires_at").notNull(),
		/** When its confirmation left (email sent or verification POST answered 2xx); NULL: not yet. */
		confirmationSentAt: text("confirmation_sent_at"),
		createdAt: text("created_at").notNull(),
	},
	(table) => [
		uniqueIndex("subscription_requests_token_idx").on(table.tokenHash),
		index("subscription_requests_address_idx").on(table.addressHash, table.createdAt),
		index("subscription_requests_expires_idx").on(table.expiresAt),
		check("subscription_requests_kind_check", oneOf("kind", SUBSCRIPTION_KINDS)),
		check("subscription_requests_secret_check", sql.raw("(kind = 'webhook') = (secret IS NOT NULL)")),
	],
);

/**
 * Addresses that unsubscribed, as hashes only: a confirmation made before the unsubscribe (a replayed or
 * forwarded link) does not subscribe the address again.
 */
export const subscriptionSuppressions = sqliteTable("subscription_suppressions", {
	addressHash: text("address_hash").primaryKey(),
	createdAt: text("created_at").notNull(),
});

export type SubscriberRow = typeof notificationSubscribers.$inferSelect;
export type EventRow = typeof notificationEvents.$inferSelect;
export type DeliveryRow = typeof notificationDeliveries.$inferSelect;
