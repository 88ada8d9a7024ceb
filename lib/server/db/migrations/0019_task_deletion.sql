DROP INDEX "tasks_created_idx";--> statement-breakpoint
DROP INDEX "tasks_owner_created_idx";--> statement-breakpoint
DROP INDEX "tasks_state_created_idx";--> statement-breakpoint
DROP INDEX "tasks_model_created_idx";--> statement-breakpoint
DROP INDEX "tasks_duration_desc_idx";--> statement-breakpoint
DROP INDEX "tasks_duration_asc_idx";--> statement-breakpoint
DROP INDEX "tasks_owner_duration_idx";--> statement-breakpoint
DROP INDEX "tasks_gallery_idx";--> statement-breakpoint
DROP INDEX "tasks_gallery_owner_idx";--> statement-breakpoint
DROP INDEX "tasks_project_created_idx";--> statement-breakpoint
DROP INDEX "tasks_project_gallery_idx";--> statement-breakpoint
DROP INDEX "tasks_rated_created_idx";--> statement-breakpoint
DROP INDEX "tasks_rated_gallery_idx";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "deleted_by" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "files_purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_deleted_by_users_id_fk" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_deleted_idx" ON "tasks" USING btree ("deleted_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "tasks_created_idx" ON "tasks" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_owner_created_idx" ON "tasks" USING btree ("owner_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_state_created_idx" ON "tasks" USING btree ("state","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_model_created_idx" ON "tasks" USING btree ("provider","model","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_duration_desc_idx" ON "tasks" USING btree ("duration_ms" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."duration_ms" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_duration_asc_idx" ON "tasks" USING btree ("duration_ms","id") WHERE "tasks"."duration_ms" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_owner_duration_idx" ON "tasks" USING btree ("owner_id","duration_ms" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."duration_ms" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_gallery_idx" ON "tasks" USING btree ("finished_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."state" = 'succeeded' and "tasks"."media_path" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_gallery_owner_idx" ON "tasks" USING btree ("owner_id","finished_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."state" = 'succeeded' and "tasks"."media_path" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_project_created_idx" ON "tasks" USING btree ("project_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."project_id" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_project_gallery_idx" ON "tasks" USING btree ("project_id","finished_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."project_id" is not null and "tasks"."state" = 'succeeded' and "tasks"."media_path" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_rated_created_idx" ON "tasks" USING btree ("rating","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."rating" is not null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_rated_gallery_idx" ON "tasks" USING btree ("rating","finished_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."rating" is not null and "tasks"."state" = 'succeeded' and "tasks"."media_path" is not null and "tasks"."deleted_at" is null;