import "server-only";
import { eq, gte, isNull, sql, type SQL } from "drizzle-orm";
import { taskTags, tasks } from "../schema";

// The project, tag and rating filters Tasks and the gallery share. Each tag is a semi-join on task_tags'
// key (task, tag), so a task matches once however many tags it has, and asking for several tags
// asks for all of them; a rating is "at least N stars", over the partial indexes of rated tasks; a
// review state is one of the reviewed-tasks indexes, "none" the unreviewed rest.

export function labelConditions(filters: { tag?: string[]; rating?: string; project?: string; review?: string }): SQL[] {
  const where: SQL[] = [];
  if (filters.project) where.push(eq(tasks.projectId, filters.project));
  for (const tag of filters.tag ?? []) {
    where.push(sql`exists (select 1 from ${taskTags} where ${taskTags.taskId} = ${tasks.id} and ${taskTags.tag} = ${tag})`);
  }
  if (filters.review === "none") where.push(isNull(tasks.reviewState));
  else if (filters.review === "approved" || filters.review === "changes_requested") where.push(eq(tasks.reviewState, filters.review));
  if (filters.rating) where.push(sql`${tasks.rating} is not null`, gte(tasks.rating, Number(filters.rating)));
  return where;
}
