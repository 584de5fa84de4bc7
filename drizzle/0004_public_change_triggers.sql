-- The public page's data version (status_version, 0003): bumped in the same transaction by every
-- change to what the public page shows, whoever writes it (the Worker, or an operator running
-- wrangler d1 execute). Public reads use it as their ETag; writes that change nothing bump nothing.
INSERT INTO `status_version` (`id`, `version`) VALUES (1, 0) ON CONFLICT (`id`) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER `surface_state_insert_bumps_version` AFTER INSERT ON `surface_state`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `surface_state_update_bumps_version` AFTER UPDATE ON `surface_state`
WHEN OLD.`state` IS NOT NEW.`state` OR OLD.`state_since` IS NOT NEW.`state_since`
	OR OLD.`ticket_pending` IS NOT NEW.`ticket_pending` OR OLD.`public_note` IS NOT NEW.`public_note`
	OR OLD.`maintenance_until` IS NOT NEW.`maintenance_until` OR OLD.`updated_at` IS NOT NEW.`updated_at`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `surface_state_delete_bumps_version` AFTER DELETE ON `surface_state`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_incidents_insert_bumps_version` AFTER INSERT ON `status_incidents`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_incidents_update_bumps_version` AFTER UPDATE ON `status_incidents`
WHEN OLD.`surface_id` IS NOT NEW.`surface_id` OR OLD.`opened_at` IS NOT NEW.`opened_at`
	OR OLD.`resolved_at` IS NOT NEW.`resolved_at` OR OLD.`public_note` IS NOT NEW.`public_note`
	OR OLD.`severity` IS NOT NEW.`severity`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_incidents_delete_bumps_version` AFTER DELETE ON `status_incidents`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
