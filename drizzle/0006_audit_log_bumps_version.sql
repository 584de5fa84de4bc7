-- The uptime history (README, "Uptime history") is computed from status_audit_log, and cached under
-- the public data version (0004). Every writer of this Worker inserts an audit row in the same batch
-- as a change that already bumps the version; an operator adding or deleting audit rows by hand
-- (wrangler d1 execute) must bump it too, or cached histories would not show the change.
CREATE TRIGGER `status_audit_log_insert_bumps_version` AFTER INSERT ON `status_audit_log`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `status_audit_log_delete_bumps_version` AFTER DELETE ON `status_audit_log`
BEGIN
	UPDATE `status_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
