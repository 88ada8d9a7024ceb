ALTER TABLE "tasks" DROP CONSTRAINT "tasks_state_check";--> statement-breakpoint
DROP INDEX "tasks_in_flight_request_key";--> statement-breakpoint
ALTER TABLE "spend_limits" ADD COLUMN "approval_above" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_decision" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_decided_by" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_note" text;--> statement-breakpoint
CREATE INDEX "tasks_awaiting_approval_idx" ON "tasks" USING btree ("created_at") WHERE "tasks"."state" = 'awaiting_approval';--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_in_flight_request_key" ON "tasks" USING btree ("request_hash") WHERE "tasks"."state" in ('awaiting_approval', 'pending', 'queued', 'running') and "tasks"."request_hash" is not null;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_state_check" CHECK ("tasks"."state" in ('awaiting_approval', 'pending', 'queued', 'running', 'succeeded', 'failed', 'canceled', 'expired'));