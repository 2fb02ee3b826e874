CREATE TABLE "cart_restore_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"session_key" varchar(32) NOT NULL,
	"cart" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint
);
