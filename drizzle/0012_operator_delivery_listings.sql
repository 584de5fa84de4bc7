DROP INDEX `notification_deliveries_subscriber_idx`;--> statement-breakpoint
CREATE INDEX `notification_deliveries_status_created_idx` ON `notification_deliveries` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_created_idx` ON `notification_deliveries` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_subscriber_idx` ON `notification_deliveries` (`subscriber_id`,`created_at`,`id`);