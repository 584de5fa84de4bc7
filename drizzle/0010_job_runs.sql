CREATE TABLE `status_job_runs` (
	`job` text PRIMARY KEY NOT NULL,
	`started_at` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`changes` text NOT NULL,
	`error` text,
	`last_ok_at` text,
	CONSTRAINT "status_job_runs_job_check" CHECK(job IN ('partner_poller', 'prober', 'maintenance_windows', 'maintenance_expiry', 'uptime_fold')),
	CONSTRAINT "status_job_runs_outcome_check" CHECK(outcome IN ('ok', 'failed')),
	CONSTRAINT "status_job_runs_error_check" CHECK((outcome = 'failed') = (error IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE `surface_checks` ADD `failing_since` text;--> statement-breakpoint
ALTER TABLE `surface_checks` ADD `last_failed_at` text;--> statement-breakpoint
ALTER TABLE `surface_checks` ADD `last_failure` text;