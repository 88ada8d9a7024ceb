ALTER TABLE "tasks" ADD COLUMN "submit_errors" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "submit_retry_at" timestamp with time zone;