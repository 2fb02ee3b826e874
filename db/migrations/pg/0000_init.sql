CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"price_cents" integer NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"swatch" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_cleanup_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"started_at" bigint NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"deleted" integer NOT NULL,
	"batches" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"remaining" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"session_id" bigserial PRIMARY KEY NOT NULL,
	"session_key" varchar(32) NOT NULL,
	"session_value" text NOT NULL,
	"session_expiry" bigint NOT NULL,
	"session_version" integer DEFAULT 1 NOT NULL,
	"session_created" bigint NOT NULL,
	"session_updated" bigint NOT NULL,
	CONSTRAINT "sessions_session_key_unique" UNIQUE("session_key")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT 'customer' NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE INDEX "session_cleanup_runs_started_idx" ON "session_cleanup_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "sessions_expiry_idx" ON "sessions" USING btree ("session_expiry");--> statement-breakpoint
CREATE INDEX "sessions_updated_idx" ON "sessions" USING btree ("session_updated");