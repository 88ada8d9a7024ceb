import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db";
import { findVisibleTask } from "../db/queries/tasks";
import { taskFavourites } from "../db/schema";
import { notFound } from "../errors";

// Favourites: one person's marks on the team's tasks (every member sees every task, so any task
// may be one). Setting twice or clearing what is not set are no-ops, so a double click or a retry
// always ends where the person meant.

export async function setFavourite(db: Db, userId: string, taskId: string, favourite: boolean): Promise<void> {
  if (!(await findVisibleTask(db, taskId))) throw notFound("That task");
  if (favourite) {
    await db.insert(taskFavourites).values({ userId, taskId }).onConflictDoNothing();
  } else {
    await db.delete(taskFavourites).where(and(eq(taskFavourites.userId, userId), eq(taskFavourites.taskId, taskId)));
  }
}

export async function isFavourite(db: Db, userId: string, taskId: string): Promise<boolean> {
  const [row] = await db
    .select({ taskId: taskFavourites.taskId })
    .from(taskFavourites)
    .where(and(eq(taskFavourites.userId, userId), eq(taskFavourites.taskId, taskId)));
  return row !== undefined;
}
