CREATE TABLE `status_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	CONSTRAINT "status_version_single_row" CHECK(id = 1)
);
