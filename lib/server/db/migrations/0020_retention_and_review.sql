CREATE TABLE "library_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"retention_days" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "library_settings_retention_check" CHECK ("library_settings"."retention_days" between 1 and 3650)
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "deleted_by_retention" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "restored_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "review_state" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "review_note" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "reviewed_by" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "reviewer_name" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "reviewed_externally" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "library_settings" ADD CONSTRAINT "library_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_reviewed_created_idx" ON "tasks" USING btree ("review_state","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."review_state" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_reviewed_gallery_idx" ON "tasks" USING btree ("review_state","finished_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."review_state" is not null and "tasks"."state" = 'succeeded' and "tasks"."media_path" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_review_state_check" CHECK ("tasks"."review_state" in ('approved', 'changes_requested'));