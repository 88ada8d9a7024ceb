import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, notInArray } from "drizzle-orm";
import type { Db } from "../db";
import { findVisibleTask } from "../db/queries/tasks";
import { notifications, taskComments, users, type TaskComment } from "../db/schema";
import { forbidden, notFound } from "../errors";
import type { SessionUser } from "../auth/session";
import { mentionedNames, type CommentView } from "@/lib/shared/comments";

// Comments on a task: every teammate reads and writes them (as they see the task); only the author
// edits or deletes one. "@Name" mentions active teammates, found in the text against the team's
// names (nothing the browser sends decides who is told), and each mentioned person is told once per
// comment, never the author. A deleted task takes its comments out of sight with it.

const MAX_MENTIONS = 20;

type Mentionable = { id: string; name: string };

/** Active teammates (not disabled, not deleted), the ones a comment can mention. */
async function mentionable(db: Db): Promise<Mentionable[]> {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(isNull(users.deletedAt), isNull(users.disabledAt)));
}

function mentionsIn(body: string, team: Mentionable[]): Mentionable[] {
  const names = mentionedNames(
    body,
    team.map((person) => person.name),
  );
  // Two teammates of one name are both mentioned: the text cannot tell them apart.
  return team.filter((person) => names.has(person.name)).slice(0, MAX_MENTIONS);
}

async function visibleTask(db: Db, taskId: string) {
  const task = await findVisibleTask(db, taskId);
  if (!task) throw notFound("That task");
  return task;
}

function toView(comment: TaskComment, author: string, viewer: SessionUser, team: Mentionable[]): CommentView {
  return {
    id: comment.id,
    body: comment.body,
    author: { id: comment.authorId, name: author },
    createdAt: comment.createdAt.toISOString(),
    editedAt: comment.editedAt?.toISOString() ?? null,
    mentions: mentionsIn(comment.body, team),
    mine: comment.authorId === viewer.id,
  };
}

export async function listComments(db: Db, viewer: SessionUser, taskId: string): Promise<CommentView[]> {
  await visibleTask(db, taskId);
  const rows = await db
    .select({ comment: taskComments, author: users.name })
    .from(taskComments)
    .innerJoin(users, eq(users.id, taskComments.authorId))
    .where(eq(taskComments.taskId, taskId))
    .orderBy(asc(taskComments.createdAt), asc(taskComments.id))
    .limit(500);
  const team = await mentionable(db);
  return rows.map((row) => toView(row.comment, row.author, viewer, team));
}

/** Tells each person mentioned (not the author) once per comment; a repeat is a no-op. */
async function notifyMentions(db: Db, comment: TaskComment, mentioned: Mentionable[]): Promise<void> {
  const told = mentioned.filter((person) => person.id !== comment.authorId);
  if (told.length === 0) return;
  await db
    .insert(notifications)
    .values(
      told.map((person) => ({
        id: randomUUID(),
        userId: person.id,
        kind: "mention" as const,
        taskId: comment.taskId,
        commentId: comment.id,
        actorId: comment.authorId,
      })),
    )
    .onConflictDoNothing();
}

export async function addComment(db: Db, author: SessionUser, taskId: string, body: string): Promise<CommentView> {
  await visibleTask(db, taskId);
  const team = await mentionable(db);
  const comment = await db.transaction(async (tx) => {
    const [row] = await tx.insert(taskComments).values({ id: randomUUID(), taskId, authorId: author.id, body }).returning();
    await notifyMentions(tx, row!, mentionsIn(body, team));
    return row!;
  });
  return toView(comment, author.name, author, team);
}

async function ownComment(db: Db, user: SessionUser, commentId: string, what: string): Promise<TaskComment> {
  const [comment] = await db.select().from(taskComments).where(eq(taskComments.id, commentId));
  // A comment on a deleted task is gone with it.
  if (!comment || !(await findVisibleTask(db, comment.taskId))) throw notFound("That comment");
  if (comment.authorId !== user.id) throw forbidden(`Only the person who wrote a comment can ${what} it.`);
  return comment;
}

export async function editComment(db: Db, user: SessionUser, commentId: string, body: string): Promise<CommentView> {
  await ownComment(db, user, commentId, "edit");
  const team = await mentionable(db);
  const comment = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(taskComments)
      .set({ body, editedAt: new Date() })
      .where(and(eq(taskComments.id, commentId), eq(taskComments.authorId, user.id)))
      .returning();
    if (!row) throw notFound("That comment");
    const mentioned = mentionsIn(body, team);
    // Someone no longer mentioned is not told about it any more, unless they have read it already.
    await tx.delete(notifications).where(
      and(
        eq(notifications.commentId, commentId),
        isNull(notifications.readAt),
        mentioned.length > 0
          ? notInArray(
              notifications.userId,
              mentioned.map((person) => person.id),
            )
          : undefined,
      ),
    );
    await notifyMentions(tx, row, mentioned);
    return row;
  });
  return toView(comment, user.name, user, team);
}

export async function deleteComment(db: Db, user: SessionUser, commentId: string): Promise<void> {
  await ownComment(db, user, commentId, "delete");
  // Its notices go with it (the foreign key cascades).
  await db.delete(taskComments).where(and(eq(taskComments.id, commentId), eq(taskComments.authorId, user.id)));
}
