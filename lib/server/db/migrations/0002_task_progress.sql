ALTER TABLE "tasks" ADD COLUMN "progress" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "last_checked_at" timestamp with time zone;