CREATE TABLE "model_spend_limits" (
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"team_monthly" integer,
	"member_monthly" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "model_spend_limits_provider_model_pk" PRIMARY KEY("provider","model")
);
--> statement-breakpoint
ALTER TABLE "model_spend_limits" ADD CONSTRAINT "model_spend_limits_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;