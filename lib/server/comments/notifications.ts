import "server-only";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db";
import { notifications, taskComments, tasks, users } from "../db/schema";
import type { NotificationSummary, NotificationView } from "@/lib/shared/comments";

// A person's notices (today: mentions), newest first, and how many are unread for the header.
// Only their own; a notice about a task since deleted is left out, as the task is.

const EXCERPT = 140;
const actors = alias(users, "actors");

function notices(db: Db, userId: string, onlyUnread: boolean) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      actor: actors.name,
      taskId: tasks.id,
      prompt: tasks.promptText,
      commentId: notifications.commentId,
      body: taskComments.body,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .innerJoin(tasks, and(eq(tasks.id, notifications.taskId), isNull(tasks.deletedAt)))
    .innerJoin(taskComments, eq(taskComments.id, notifications.commentId))
    .innerJoin(actors, eq(actors.id, notifications.actorId))
    .where(and(eq(notifications.userId, userId), onlyUnread ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id));
}

type Row = Awaited<ReturnType<ReturnType<typeof notices>["limit"]>>[number];

const toView = (row: Row): NotificationView => ({
  id: row.id,
  kind: row.kind,
  actor: row.actor,
  task: { id: row.taskId, prompt: row.prompt.slice(0, 200) },
  commentId: row.commentId,
  excerpt: row.body.length > EXCERPT ? `${row.body.slice(0, EXCERPT - 1)}…` : row.body,
  createdAt: row.createdAt.toISOString(),
  read: row.readAt !== null,
});

export async function listNotifications(db: Db, userId: string, limit = 30): Promise<NotificationView[]> {
  return (await notices(db, userId, false).limit(limit)).map(toView);
}

/** The header's count, with the newest unread notice (for the toast when the count grows). */
export async function notificationSummary(db: Db, userId: string): Promise<NotificationSummary> {
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .innerJoin(tasks, and(eq(tasks.id, notifications.taskId), isNull(tasks.deletedAt)))
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  const unread = Number(count?.n ?? 0);
  const [newest] = unread > 0 ? await notices(db, userId, true).limit(1) : [];
  return { unread, newest: newest ? toView(newest) : null };
}

/** Marks these notices (this person's; others' ids change nothing), those about one task, or all, read. */
export async function markRead(
  db: Db,
  userId: string,
  which: { ids: string[] } | { taskId: string } | { all: true },
): Promise<NotificationSummary> {
  const only =
    "ids" in which ? inArray(notifications.id, which.ids) : "taskId" in which ? eq(notifications.taskId, which.taskId) : undefined;
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), only));
  return notificationSummary(db, userId);
}
