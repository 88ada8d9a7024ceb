CREATE TABLE "sandbox_apidot_accounts" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"balance" integer NOT NULL,
	"submitted" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_apidot_callbacks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox_apidot_callbacks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"status" text NOT NULL,
	"deliver_after" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone,
	"task_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_apidot_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"key_hash" text NOT NULL,
	"output" text NOT NULL,
	"aspect" text NOT NULL,
	"origin" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text NOT NULL,
	"failure_message" text,
	"cost" integer NOT NULL,
	"shape" text NOT NULL,
	"callback_url" text,
	"progress_at" timestamp with time zone NOT NULL,
	"finish_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_skills_video_accounts" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"balance" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_skills_video_generations" (
	"id" text PRIMARY KEY NOT NULL,
	"key_hash" text NOT NULL,
	"model" text NOT NULL,
	"input" jsonb NOT NULL,
	"output" text NOT NULL,
	"aspect" text NOT NULL,
	"origin" text NOT NULL,
	"status" text NOT NULL,
	"outcome" text NOT NULL,
	"failure_message" text,
	"cost" integer NOT NULL,
	"progress_at" timestamp with time zone NOT NULL,
	"finish_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_skills_video_webhooks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox_skills_video_webhooks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"status" text NOT NULL,
	"deliver_after" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone,
	"generation_id" text NOT NULL,
	"message_id" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sandbox_apidot_callbacks_due_idx" ON "sandbox_apidot_callbacks" USING btree ("deliver_after") WHERE "sandbox_apidot_callbacks"."delivered_at" is null;--> statement-breakpoint
CREATE INDEX "sandbox_apidot_open_idx" ON "sandbox_apidot_tasks" USING btree ("status") WHERE "sandbox_apidot_tasks"."status" in ('not_started', 'running');--> statement-breakpoint
CREATE INDEX "sandbox_sv_open_idx" ON "sandbox_skills_video_generations" USING btree ("status") WHERE "sandbox_skills_video_generations"."status" in ('IN_QUEUE', 'IN_PROGRESS');--> statement-breakpoint
CREATE INDEX "sandbox_sv_webhooks_due_idx" ON "sandbox_skills_video_webhooks" USING btree ("deliver_after") WHERE "sandbox_skills_video_webhooks"."delivered_at" is null;