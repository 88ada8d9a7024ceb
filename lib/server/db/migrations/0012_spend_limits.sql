CREATE TABLE "model_access" (
	"subject" text PRIMARY KEY NOT NULL,
	"allowed" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "spend_limits" (
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"team_monthly" integer,
	"member_daily" integer,
	"member_monthly" integer,
	"default_hold" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "spend_limits_provider_subject_pk" PRIMARY KEY("provider","subject")
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "hold_credits" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "hold_basis" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "price_key" text;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "spend_credits" integer GENERATED ALWAYS AS (case
          when state in ('failed', 'canceled', 'expired') then
            case when credits_charged is not null and credits_refunded is not null then greatest(credits_charged - credits_refunded, 0) else 0 end
          when credits_charged is null then coalesce(hold_credits, 0)
          else greatest(credits_charged - coalesce(credits_refunded, 0), 0)
        end) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "model_access" ADD CONSTRAINT "model_access_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_limits" ADD CONSTRAINT "spend_limits_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_spend_idx" ON "tasks" USING btree ("provider","created_at");--> statement-breakpoint
CREATE INDEX "tasks_owner_spend_idx" ON "tasks" USING btree ("owner_id","provider","created_at");--> statement-breakpoint
CREATE INDEX "tasks_price_key_idx" ON "tasks" USING btree ("provider","model","price_key","finished_at" DESC NULLS LAST) WHERE "tasks"."state" = 'succeeded' and "tasks"."credits_charged" is not null;