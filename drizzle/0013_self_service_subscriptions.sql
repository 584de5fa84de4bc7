CREATE TABLE `subscription_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`address` text NOT NULL,
	`address_hash` text NOT NULL,
	`surface_ids` text,
	`token_hash` text NOT NULL,
	`secret` text,
	`expires_at` text NOT NULL,
	`confirmation_sent_at` text,
	`created_at` text NOT NULL,
	CONSTRAINT "subscription_requests_kind_check" CHECK(kind IN ('email', 'webhook')),
	CONSTRAINT "subscription_requests_secret_check" CHECK((kind = 'webhook') = (secret IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscription_requests_token_idx` ON `subscription_requests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `subscription_requests_address_idx` ON `subscription_requests` (`address_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `subscription_requests_expires_idx` ON `subscription_requests` (`expires_at`);--> statement-breakpoint
CREATE TABLE `subscription_suppressions` (
	`address_hash` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notification_subscribers` (
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
	`origin` text DEFAULT 'operator' NOT NULL,
	`manage_token_hash` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "notification_subscribers_kind_check" CHECK(kind IN ('webhook', 'statuspage', 'slack', 'discord', 'teams', 'email')),
	CONSTRAINT "notification_subscribers_origin_check" CHECK(origin IN ('operator', 'self_service')),
	CONSTRAINT "notification_subscribers_manage_token_check" CHECK((origin = 'self_service') = (manage_token_hash IS NOT NULL)),
	CONSTRAINT "notification_subscribers_enabled_check" CHECK(enabled IN (0, 1)),
	CONSTRAINT "notification_subscribers_secret_check" CHECK((kind = 'webhook') = (secret IS NOT NULL)),
	CONSTRAINT "notification_subscribers_name_check" CHECK(length(name) BETWEEN 1 AND 80)
);
--> statement-breakpoint
INSERT INTO `__new_notification_subscribers`("id", "kind", "name", "url", "events", "surface_ids", "enabled", "disabled_reason", "secret", "previous_secret", "previous_secret_until", "consecutive_failures", "origin", "manage_token_hash", "created_at", "updated_at") SELECT "id", "kind", "name", "url", "events", "surface_ids", "enabled", "disabled_reason", "secret", "previous_secret", "previous_secret_until", "consecutive_failures", 'operator', NULL, "created_at", "updated_at" FROM `notification_subscribers`;--> statement-breakpoint
DROP TABLE `notification_subscribers`;--> statement-breakpoint
ALTER TABLE `__new_notification_subscribers` RENAME TO `notification_subscribers`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `notification_subscribers_enabled_idx` ON `notification_subscribers` (`enabled`);--> statement-breakpoint
CREATE UNIQUE INDEX `notification_subscribers_manage_token_idx` ON `notification_subscribers` (`manage_token_hash`);--> statement-breakpoint
CREATE INDEX `notification_subscribers_origin_kind_idx` ON `notification_subscribers` (`origin`,`kind`,`enabled`);