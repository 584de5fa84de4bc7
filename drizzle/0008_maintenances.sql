CREATE TABLE `status_maintenances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`public_note` text,
	`surface_ids` text NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`status` text NOT NULL,
	`missed` integer DEFAULT 0 NOT NULL,
	`started_at` text,
	`ended_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "status_maintenances_status_check" CHECK(status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "status_maintenances_missed_check" CHECK(missed IN (0, 1)),
	CONSTRAINT "status_maintenances_title_check" CHECK(length(title) BETWEEN 1 AND 120),
	CONSTRAINT "status_maintenances_public_note_check" CHECK(public_note IS NULL OR length(public_note) <= 280),
	CONSTRAINT "status_maintenances_window_check" CHECK(ends_at > starts_at)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `status_maintenances_key_unique` ON `status_maintenances` (`key`);--> statement-breakpoint
CREATE INDEX `status_maintenances_status_starts_idx` ON `status_maintenances` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `status_maintenances_status_ends_idx` ON `status_maintenances` (`status`,`ends_at`);--> statement-breakpoint
CREATE INDEX `status_maintenances_status_ended_idx` ON `status_maintenances` (`status`,`ended_at`);--> statement-breakpoint
-- Scheduled maintenance is public (GET /api/status/public/maintenances): its changes move the data version (0004).
CREATE TRIGGER `status_maintenances_insert_bumps_version` AFTER INSERT ON `status_maintenances`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_maintenances_update_bumps_version` AFTER UPDATE ON `status_maintenances`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_maintenances_delete_bumps_version` AFTER DELETE ON `status_maintenances`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
