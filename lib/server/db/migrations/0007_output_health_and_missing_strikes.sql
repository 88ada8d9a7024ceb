ALTER TABLE "provider_state" ADD COLUMN "create_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_state" ADD COLUMN "last_create_failure_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_state" ADD COLUMN "last_create_error" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "archive_retry_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "poster_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "provider_missing_at" timestamp with time zone;