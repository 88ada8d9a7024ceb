CREATE TABLE "task_tags" (
	"task_id" text NOT NULL,
	"tag" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT date_trunc('milliseconds', now()) NOT NULL,
	CONSTRAINT "task_tags_task_id_tag_pk" PRIMARY KEY("task_id","tag"),
	CONSTRAINT "task_tags_tag_check" CHECK (char_length("task_tags"."tag") between 1 and 32)
);
--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "rating" smallint;--> statement-breakpoint
ALTER TABLE "task_tags" ADD CONSTRAINT "task_tags_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_tags" ADD CONSTRAINT "task_tags_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "task_tags_tag_idx" ON "task_tags" USING btree ("tag","task_id");--> statement-breakpoint
CREATE INDEX "tasks_rated_created_idx" ON "tasks" USING btree ("rating","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."rating" is not null;--> statement-breakpoint
CREATE INDEX "tasks_rated_gallery_idx" ON "tasks" USING btree ("rating","finished_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."rating" is not null and "tasks"."state" = 'succeeded' and "tasks"."media_path" is not null;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_rating_check" CHECK ("tasks"."rating" between 1 and 5);