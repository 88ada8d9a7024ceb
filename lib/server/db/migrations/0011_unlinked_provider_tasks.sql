CREATE TABLE "unlinked_provider_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"sandbox" boolean NOT NULL,
	"provider_task_id" text NOT NULL,
	"status_hint" text,
	"hint_rank" integer DEFAULT 0 NOT NULL,
	"deliveries" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"looked_up_at" timestamp with time zone,
	"looked_up_status" text,
	"linked_task_id" text,
	"linked_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "unlinked_provider_tasks" ADD CONSTRAINT "unlinked_provider_tasks_linked_task_id_tasks_id_fk" FOREIGN KEY ("linked_task_id") REFERENCES "public"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unlinked_provider_tasks_key" ON "unlinked_provider_tasks" USING btree ("provider","provider_task_id");--> statement-breakpoint
CREATE INDEX "unlinked_provider_tasks_seen_idx" ON "unlinked_provider_tasks" USING btree ("last_seen_at" DESC NULLS LAST,"id" DESC NULLS LAST);