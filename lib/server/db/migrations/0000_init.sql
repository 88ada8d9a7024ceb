CREATE TABLE "provider_calls" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provider_calls_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_state" (
	"provider" text PRIMARY KEY NOT NULL,
	"paused_until" timestamp with time zone,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"breaker_open_until" timestamp with time zone,
	"last_error" text,
	"last_failure_at" timestamp with time zone,
	"last_success_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_aivideomaker_accounts" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"balance" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_aivideomaker_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"key_hash" text NOT NULL,
	"model" text NOT NULL,
	"input" jsonb NOT NULL,
	"idempotency_key" text,
	"request_hash" text NOT NULL,
	"webhook_url" text,
	"status" text NOT NULL,
	"outcome" text NOT NULL,
	"failure_message" text,
	"aspect" text NOT NULL,
	"origin" text NOT NULL,
	"progress_at" timestamp with time zone NOT NULL,
	"finish_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"credits_charged" integer NOT NULL,
	"credits_refunded" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_aivideomaker_webhooks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox_aivideomaker_webhooks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" text NOT NULL,
	"status" text NOT NULL,
	"deliver_after" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "task_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "task_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"task_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"kind" text DEFAULT 'note' NOT NULL,
	"from_state" text,
	"to_state" text,
	"message" text NOT NULL,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"sandbox" boolean NOT NULL,
	"input" jsonb NOT NULL,
	"prompt_text" text NOT NULL,
	"state" text NOT NULL,
	"provider_status" text,
	"idempotency_key" text NOT NULL,
	"request_hash" text,
	"provider_task_id" text,
	"submit_attempts" integer DEFAULT 0 NOT NULL,
	"last_submit_at" timestamp with time zone,
	"credits_quoted" integer,
	"credits_charged" integer,
	"credits_refunded" integer,
	"error_code" text,
	"error_message" text,
	"error_fields" jsonb,
	"output_url" text,
	"output_kind" text,
	"media_path" text,
	"media_mime" text,
	"media_bytes" bigint,
	"media_sha256" text,
	"poster_path" text,
	"media_width" integer,
	"media_height" integer,
	"archive_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"queued_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"provider_missing_count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" bigint GENERATED ALWAYS AS ((extract(epoch from (finished_at - created_at)) * 1000)::bigint) STORED,
	"prompt_search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', prompt_text)) STORED,
	CONSTRAINT "tasks_state_check" CHECK ("tasks"."state" in ('pending', 'queued', 'running', 'succeeded', 'failed', 'canceled', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_path" text NOT NULL,
	"original_name" text,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"session_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin', 'member'))
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"task_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_hint" text,
	"dedupe_key" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "task_events" ADD CONSTRAINT "task_events_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_calls_provider_at_idx" ON "provider_calls" USING btree ("provider","at");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_avm_idem_key" ON "sandbox_aivideomaker_tasks" USING btree ("key_hash","idempotency_key");--> statement-breakpoint
CREATE INDEX "sandbox_avm_key_created_idx" ON "sandbox_aivideomaker_tasks" USING btree ("key_hash","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sandbox_avm_open_idx" ON "sandbox_aivideomaker_tasks" USING btree ("status") WHERE "sandbox_aivideomaker_tasks"."status" in ('SUBMITTED', 'PROGRESS');--> statement-breakpoint
CREATE INDEX "sandbox_avm_webhooks_due_idx" ON "sandbox_aivideomaker_webhooks" USING btree ("deliver_after") WHERE "sandbox_aivideomaker_webhooks"."delivered_at" is null;--> statement-breakpoint
CREATE INDEX "task_events_task_idx" ON "task_events" USING btree ("task_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_idempotency_key_key" ON "tasks" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_provider_task_key" ON "tasks" USING btree ("provider","provider_task_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_in_flight_request_key" ON "tasks" USING btree ("request_hash") WHERE "tasks"."state" in ('pending', 'queued', 'running') and "tasks"."request_hash" is not null;--> statement-breakpoint
CREATE INDEX "tasks_created_idx" ON "tasks" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tasks_owner_created_idx" ON "tasks" USING btree ("owner_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tasks_state_created_idx" ON "tasks" USING btree ("state","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tasks_model_created_idx" ON "tasks" USING btree ("provider","model","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tasks_duration_desc_idx" ON "tasks" USING btree ("duration_ms" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."duration_ms" is not null;--> statement-breakpoint
CREATE INDEX "tasks_duration_asc_idx" ON "tasks" USING btree ("duration_ms","id") WHERE "tasks"."duration_ms" is not null;--> statement-breakpoint
CREATE INDEX "tasks_owner_duration_idx" ON "tasks" USING btree ("owner_id","duration_ms" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."duration_ms" is not null;--> statement-breakpoint
CREATE INDEX "tasks_search_idx" ON "tasks" USING gin ("prompt_search");--> statement-breakpoint
CREATE INDEX "tasks_input_upload_idx" ON "tasks" USING btree (("input"->'image'->>'uploadId'));--> statement-breakpoint
CREATE INDEX "tasks_gallery_idx" ON "tasks" USING btree ("finished_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."state" = 'succeeded' and "tasks"."media_path" is not null;--> statement-breakpoint
CREATE INDEX "tasks_gallery_owner_idx" ON "tasks" USING btree ("owner_id","finished_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."state" = 'succeeded' and "tasks"."media_path" is not null;--> statement-breakpoint
CREATE INDEX "tasks_in_flight_idx" ON "tasks" USING btree ("provider","state") WHERE "tasks"."state" in ('pending', 'queued', 'running');--> statement-breakpoint
CREATE INDEX "uploads_owner_idx" ON "uploads" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_dedupe_key" ON "webhook_deliveries" USING btree ("dedupe_key") WHERE "webhook_deliveries"."outcome" = 'accepted';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_deliveries_task_idx" ON "webhook_deliveries" USING btree ("task_id");