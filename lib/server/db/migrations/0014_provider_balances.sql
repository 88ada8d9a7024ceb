CREATE TABLE "provider_balances" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "provider_balances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"sandbox" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"balance" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "provider_balances_provider_at_idx" ON "provider_balances" USING btree ("provider","sandbox","at");