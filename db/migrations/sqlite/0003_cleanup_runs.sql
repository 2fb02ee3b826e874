CREATE TABLE `session_cleanup_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`deleted` integer NOT NULL,
	`batches` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`remaining` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `session_cleanup_runs_started_idx` ON `session_cleanup_runs` (`started_at`);