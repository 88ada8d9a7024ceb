CREATE TABLE "provider_models" (
	"provider" text NOT NULL,
	"model_id" text NOT NULL,
	"label" text NOT NULL,
	"kind" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"request_schema" json,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_by" text
);
--> statement-breakpoint
DROP INDEX "tasks_input_upload_idx";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "input_upload_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_models" ADD CONSTRAINT "provider_models_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provider_models_key" ON "provider_models" USING btree ("provider","model_id");--> statement-breakpoint
CREATE INDEX "tasks_input_uploads_idx" ON "tasks" USING gin ("input_upload_ids");--> statement-breakpoint
-- Tasks made before this column existed referred to uploads only through input.image.
UPDATE "tasks" SET "input_upload_ids" = ARRAY["input"->'image'->>'uploadId'] WHERE "input"->'image'->>'uploadId' IS NOT NULL;
