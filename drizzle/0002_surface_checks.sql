CREATE TABLE `surface_checks` (
	`surface_id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`observation` text NOT NULL,
	`streak` integer NOT NULL,
	`settled_state` text,
	`checked_at` text NOT NULL,
	`detail` text,
	CONSTRAINT "surface_checks_source_check" CHECK(source IN ('3p_poller', 'prober'))
);
