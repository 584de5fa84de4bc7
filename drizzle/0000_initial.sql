CREATE TABLE `status_audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`surface_id` text NOT NULL,
	`actor` text NOT NULL,
	`previous_state` text,
	`new_state` text NOT NULL,
	`source` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `status_audit_log_surface_created_idx` ON `status_audit_log` (`surface_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `status_audit_log_created_idx` ON `status_audit_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `status_incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`surface_id` text NOT NULL,
	`opened_at` text NOT NULL,
	`resolved_at` text,
	`public_note` text,
	`freescout_ticket_id` integer,
	`severity` text NOT NULL,
	CONSTRAINT "status_incidents_severity_check" CHECK(severity IN ('degraded', 'partial', 'down', 'maintenance'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `status_incidents_freescout_ticket_id_unique` ON `status_incidents` (`freescout_ticket_id`);--> statement-breakpoint
CREATE INDEX `status_incidents_resolved_opened_idx` ON `status_incidents` (`resolved_at`,`opened_at`);--> statement-breakpoint
CREATE INDEX `status_incidents_opened_idx` ON `status_incidents` (`opened_at`);--> statement-breakpoint
CREATE INDEX `status_incidents_surface_idx` ON `status_incidents` (`surface_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `surface_state` (
	`surface_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`state_since` text NOT NULL,
	`state_source` text NOT NULL,
	`ticket_pending` integer DEFAULT 0 NOT NULL,
	`public_note` text,
	`last_probe_at` text,
	`maintenance_until` text,
	`updated_at` text NOT NULL,
	CONSTRAINT "surface_state_state_check" CHECK(state IN ('OPERATIONAL', 'DEGRADED', 'PARTIAL', 'DOWN', 'MAINTENANCE', 'UNKNOWN')),
	CONSTRAINT "surface_state_source_check" CHECK(state_source IN ('manual', 'schedule', 'freescout', '3p_poller', 'prober')),
	CONSTRAINT "surface_state_ticket_pending_check" CHECK(ticket_pending IN (0, 1)),
	CONSTRAINT "surface_state_public_note_check" CHECK(public_note IS NULL OR length(public_note) <= 280)
);
