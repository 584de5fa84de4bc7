CREATE TABLE `status_incident_titles` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`title` text,
	`ticket_updated_at` text NOT NULL,
	CONSTRAINT "status_incident_titles_title_check" CHECK(title IS NULL OR length(title) BETWEEN 1 AND 120)
);
--> statement-breakpoint
-- The title is public: setting, changing or clearing it changes the data version, like every
-- change to what the public page shows (0004); a later event with the same title bumps nothing.
CREATE TRIGGER `status_incident_titles_insert_bumps_version` AFTER INSERT ON `status_incident_titles`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_incident_titles_update_bumps_version` AFTER UPDATE ON `status_incident_titles`
WHEN OLD.`title` IS NOT NEW.`title`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_incident_titles_delete_bumps_version` AFTER DELETE ON `status_incident_titles`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
