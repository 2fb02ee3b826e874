CREATE TABLE `cart_restore_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`session_key` text(32) NOT NULL,
	`cart` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
