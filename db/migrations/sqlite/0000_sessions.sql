CREATE TABLE `sessions` (
	`session_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_key` text(32) NOT NULL,
	`session_value` text NOT NULL,
	`session_expiry` integer NOT NULL,
	`session_version` integer DEFAULT 1 NOT NULL,
	`session_created` integer NOT NULL,
	`session_updated` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_session_key_unique` ON `sessions` (`session_key`);--> statement-breakpoint
CREATE INDEX `sessions_expiry_idx` ON `sessions` (`session_expiry`);--> statement-breakpoint
CREATE INDEX `sessions_updated_idx` ON `sessions` (`session_updated`);