CREATE TABLE `status_uptime_days` (
	`time_zone` text NOT NULL,
	`date` text NOT NULL,
	`surface_id` text NOT NULL,
	`operational_ms` integer NOT NULL,
	`degraded_ms` integer NOT NULL,
	`partial_ms` integer NOT NULL,
	`down_ms` integer NOT NULL,
	`maintenance_ms` integer NOT NULL,
	`unknown_ms` integer NOT NULL,
	`worst` text,
	PRIMARY KEY(`time_zone`, `date`, `surface_id`),
	CONSTRAINT "status_uptime_days_worst_check" CHECK(worst IS NULL OR worst IN ('OPERATIONAL', 'DEGRADED', 'PARTIAL', 'DOWN', 'MAINTENANCE', 'UNKNOWN'))
);
--> statement-breakpoint
CREATE TABLE `status_uptime_fold` (
	`time_zone` text PRIMARY KEY NOT NULL,
	`folded_through` text NOT NULL
);
