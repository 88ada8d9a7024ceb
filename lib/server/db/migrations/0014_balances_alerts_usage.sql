CREATE TABLE "alert_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"webhook_url" text,
	"secret" text NOT NULL,
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
ALTER TABLE "alert_settings" ADD CONSTRAINT "alert_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_balances_provider_at_idx" ON "provider_balances" USING btree ("provider","sandbox","at");--> statement-breakpoint
CREATE UNIQUE INDEX "spend_alerts_once_key" ON "spend_alerts" USING btree ("kind","provider","subject","period");--> statement-breakpoint
CREATE INDEX "spend_alerts_created_idx" ON "spend_alerts" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "spend_alerts_due_idx" ON "spend_alerts" USING btree ("next_attempt_at") WHERE "spend_alerts"."delivered_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_usage_idx" ON "tasks" USING btree ("created_at","provider","sandbox","owner_id","model","spend_credits");