DROP INDEX "task_favourites_task_idx";--> statement-breakpoint
CREATE INDEX "task_favourites_task_idx" ON "task_favourites" USING btree ("task_id","user_id");