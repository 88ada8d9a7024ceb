import "server-only";
import { and, asc, desc, eq, isNull, like, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db";
import { findVisibleTask } from "../db/queries/tasks";
import { taskTags, tasks } from "../db/schema";
import { forbidden, notFound } from "../errors";
import type { SessionUser } from "../auth/session";
import { canManage } from "./view";
import type { TagSuggestion } from "@/lib/shared/library";

// Tags and star ratings: the team's shared labels on an output. Everyone sees them; the task's
// owner and admins set them (as with cancelling). Setting tags replaces the whole set in one
// transaction, so two editors end with one of their sets, never a mix, and a retry is a no-op.

async function manageableTask(db: Db, user: SessionUser, taskId: string, what: string) {
  const task = await findVisibleTask(db, taskId);
  if (!task) throw notFound("That task");
  if (!canManage(user, task)) throw forbidden(`Only the person who created this task, or an admin, can ${what}.`);
  return task;
}

export async function setTags(db: Db, user: SessionUser, taskId: string, tags: string[]): Promise<string[]> {
  await manageableTask(db, user, taskId, "change its tags");
  return db.transaction(async (tx) => {
    // Writers of one task's tags take turns (the row lock), so each set lands whole.
    await tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.id, taskId)).for("update");
    await tx
      .delete(taskTags)
      .where(tags.length > 0 ? and(eq(taskTags.taskId, taskId), notInArray(taskTags.tag, tags)) : eq(taskTags.taskId, taskId));
    if (tags.length > 0) {
      await tx
        .insert(taskTags)
        .values(tags.map((tag) => ({ taskId, tag, createdBy: user.id })))
        .onConflictDoNothing();
    }
    return listTags(tx, taskId);
  });
}

export async function listTags(db: Db, taskId: string): Promise<string[]> {
  const rows = await db.select({ tag: taskTags.tag }).from(taskTags).where(eq(taskTags.taskId, taskId)).orderBy(asc(taskTags.tag));
  return rows.map((row) => row.tag);
}

export async function setRating(db: Db, user: SessionUser, taskId: string, rating: number | null): Promise<number | null> {
  await manageableTask(db, user, taskId, "rate it");
  const [row] = await db.update(tasks).set({ rating }).where(eq(tasks.id, taskId)).returning({ rating: tasks.rating });
  return row?.rating ?? null;
}

/**
 * The team's tags, most used first, for the tag field's suggestions: those starting with what was
 * typed (the tag index's range), else the most used overall. LIKE's wildcards are escaped.
 */
export async function suggestTags(db: Db, query: { q?: string; limit: number }): Promise<TagSuggestion[]> {
  const prefix = query.q ? `${query.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%` : null;
  const count = sql<number>`count(*)::int`;
  const rows = await db
    .select({ tag: taskTags.tag, count })
    .from(taskTags)
    .innerJoin(tasks, and(eq(tasks.id, taskTags.taskId), isNull(tasks.deletedAt)))
    .where(prefix ? like(taskTags.tag, prefix) : undefined)
    .groupBy(taskTags.tag)
    .orderBy(desc(count), asc(taskTags.tag))
    .limit(query.limit);
  return rows.map((row) => ({ tag: row.tag, count: Number(row.count) }));
}
