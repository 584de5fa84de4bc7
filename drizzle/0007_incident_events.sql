CREATE TABLE `status_incident_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`at` text NOT NULL,
	`status` text NOT NULL,
	`severity` text NOT NULL,
	`public_note` text,
	CONSTRAINT "status_incident_events_status_check" CHECK(status IN ('investigating', 'identified', 'monitoring', 'resolved')),
	CONSTRAINT "status_incident_events_severity_check" CHECK(severity IN ('degraded', 'partial', 'down', 'maintenance')),
	CONSTRAINT "status_incident_events_public_note_check" CHECK(public_note IS NULL OR length(public_note) <= 280)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `status_incident_events_incident_at_idx` ON `status_incident_events` (`incident_id`,`at`);--> statement-breakpoint
-- Incidents from before the timeline get one event: where they stand now.
INSERT INTO `status_incident_events` (`incident_id`, `at`, `status`, `severity`, `public_note`)
SELECT `id`, coalesce(`freescout_updated_at`, `resolved_at`, `opened_at`),
	CASE WHEN `resolved_at` IS NULL THEN 'investigating' ELSE 'resolved' END, `severity`, `public_note`
FROM `status_incidents`;
--> statement-breakpoint
-- The timeline is public: a new event (even one older than the incident's last) changes the data
-- version, like every change to what the public page shows (0004).
CREATE TRIGGER `status_incident_events_insert_bumps_version` AFTER INSERT ON `status_incident_events`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_incident_events_delete_bumps_version` AFTER DELETE ON `status_incident_events`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
