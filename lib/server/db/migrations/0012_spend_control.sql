CREATE TABLE "alert_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"webhook_url" text,
	"secret" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "model_access" (
	"subject" text PRIMARY KEY NOT NULL,
	"allowed" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "provider_balances" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provider_balances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"sandbox" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"balance" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spend_alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"period" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "spend_limits" (
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"team_monthly" integer,
	"member_daily" integer,
	"member_monthly" integer,
	"default_hold" integer,
	"approval_above" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "spend_limits_provider_subject_pk" PRIMARY KEY("provider","subject")
);
--> statement-breakpoint
ALTER TABLE "tasks" DROP CONSTRAINT "tasks_state_check";--> statement-breakpoint
DROP INDEX "tasks_in_flight_request_key";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "hold_credits" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "hold_basis" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "price_key" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_decision" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_decided_by" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "approval_note" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "spend_credits" integer GENERATED ALWAYS AS (case
          when state in ('failed', 'canceled') then
            case when credits_charged is not null and credits_refunded is not null then greatest(credits_charged - credits_refunded, 0) else 0 end
          when state = 'expired' then greatest(coalesce(credits_charged, 0) - coalesce(credits_refunded, 0), 0)
          when credits_charged is null then coalesce(hold_credits, 0)
          else greatest(credits_charged - coalesce(credits_refunded, 0), 0)
        end) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_access" ADD CONSTRAINT "model_access_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_limits" ADD CONSTRAINT "spend_limits_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_balances_provider_at_idx" ON "provider_balances" USING btree ("provider","sandbox","at");--> statement-breakpoint
CREATE UNIQUE INDEX "spend_alerts_once_key" ON "spend_alerts" USING btree ("kind","provider","subject","period");--> statement-breakpoint
CREATE INDEX "spend_alerts_created_idx" ON "spend_alerts" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "spend_alerts_due_idx" ON "spend_alerts" USING btree ("next_attempt_at") WHERE "spend_alerts"."delivered_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_spend_idx" ON "tasks" USING btree ("provider","created_at");--> statement-breakpoint
CREATE INDEX "tasks_owner_spend_idx" ON "tasks" USING btree ("owner_id","provider","created_at");--> statement-breakpoint
CREATE INDEX "tasks_usage_idx" ON "tasks" USING btree ("created_at","provider","sandbox","owner_id","model","spend_credits");--> statement-breakpoint
CREATE INDEX "tasks_price_key_idx" ON "tasks" USING btree ("provider","model","price_key","finished_at" DESC NULLS LAST) WHERE "tasks"."state" = 'succeeded' and "tasks"."credits_charged" is not null;--> statement-breakpoint
CREATE INDEX "tasks_awaiting_approval_idx" ON "tasks" USING btree ("created_at") WHERE "tasks"."state" = 'awaiting_approval';--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_in_flight_request_key" ON "tasks" USING btree ("request_hash") WHERE "tasks"."state" in ('awaiting_approval', 'pending', 'queued', 'running') and "tasks"."request_hash" is not null;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_state_check" CHECK ("tasks"."state" in ('awaiting_approval', 'pending', 'queued', 'running', 'succeeded', 'failed', 'canceled', 'expired'));