CREATE TABLE `notification_audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscriber_id` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`detail` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notification_audit_log_subscriber_idx` ON `notification_audit_log` (`subscriber_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `notification_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`subscriber_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status_code` integer,
	`last_error` text,
	`next_attempt_at` text,
	`enqueued_at` text,
	`lease_until` text,
	`delivered_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "notification_deliveries_status_check" CHECK(status IN ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_deliveries_event_subscriber_idx` ON `notification_deliveries` (`event_id`,`subscriber_id`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_status_next_idx` ON `notification_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_subscriber_idx` ON `notification_deliveries` (`subscriber_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `notification_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text,
	`subject_kind` text NOT NULL,
	`subject_id` text,
	`sequence` integer,
	`surface_ids` text,
	`before` text,
	`after` text,
	`occurred_at` text NOT NULL,
	`fanned_out_at` text,
	CONSTRAINT "notification_events_type_check" CHECK(type IS NULL OR type IN ('incident.created', 'incident.updated', 'incident.resolved', 'maintenance.scheduled', 'maintenance.updated', 'maintenance.started', 'maintenance.completed', 'maintenance.cancelled', 'surface.state_changed')),
	CONSTRAINT "notification_events_subject_kind_check" CHECK(subject_kind IN ('incident', 'maintenance', 'surface', 'test'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_events_subject_sequence_idx` ON `notification_events` (`subject_kind`,`subject_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `notification_events_fan_out_idx` ON `notification_events` (`fanned_out_at`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `notification_subscribers` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`surface_ids` text,
	`enabled` integer DEFAULT 1 NOT NULL,
	`disabled_reason` text,
	`secret` text,
	`previous_secret` text,
	`previous_secret_until` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "notification_subscribers_kind_check" CHECK(kind IN ('webhook', 'statuspage', 'slack', 'discord', 'teams')),
	CONSTRAINT "notification_subscribers_enabled_check" CHECK(enabled IN (0, 1)),
	CONSTRAINT "notification_subscribers_secret_check" CHECK((kind = 'webhook') = (secret IS NOT NULL)),
	CONSTRAINT "notification_subscribers_name_check" CHECK(length(name) BETWEEN 1 AND 80)
);
--> statement-breakpoint
CREATE INDEX `notification_subscribers_enabled_idx` ON `notification_subscribers` (`enabled`);