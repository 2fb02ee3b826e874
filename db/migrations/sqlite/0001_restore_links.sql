-- Restore links become one live link per cart, consumed by a POST, with what they hold about the cart in an (optionally encrypted) payload. Links made before this migration kept the cart and session key in plain text and cannot be converted without the app's keys: they are dropped, and opening one shows the "link no longer works" page. (Hand-edited from drizzle-kit's output: SQLite cannot ADD a NOT NULL column without a default.)
DROP TABLE `cart_restore_tokens`;--> statement-breakpoint
CREATE TABLE `cart_restore_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`cart_ref` text NOT NULL,
	`customer_ref` text,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cart_restore_tokens_live_cart` ON `cart_restore_tokens` (`cart_ref`) WHERE used_at IS NULL;--> statement-breakpoint
CREATE INDEX `cart_restore_tokens_customer` ON `cart_restore_tokens` (`customer_ref`);--> statement-breakpoint
CREATE INDEX `cart_restore_tokens_expires` ON `cart_restore_tokens` (`expires_at`);--> statement-breakpoint
CREATE INDEX `cart_restore_tokens_used` ON `cart_restore_tokens` (`used_at`);
