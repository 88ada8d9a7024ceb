import "server-only";
import { and, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/log";
import type { Db } from "../db";
import { ownerDisplayName } from "../db/queries/owner-name";
import { tasks, users } from "../db/schema";
import { AppError, forbidden, notFound } from "../errors";
import { env } from "../env";
import { logger } from "../logger";
import { removeStoredFile } from "../storage/files";
import type { SessionUser } from "../auth/session";
import { canManage } from "./view";
import { isTerminal } from "@/lib/shared/tasks";
import type { DeletedTaskView } from "@/lib/shared/deleted";

// Deleting an output. Cutroom's own business: the provider is never asked anything (the task is
// finished there). The task leaves every view at once (the lists, the gallery, its page, its
// media, share links and zips read through the same "not deleted" condition); its files stay for
// DELETE_GRACE_HOURS, while an admin may restore it, then the purge removes them. The row stays, so
// the ledger, usage and the audit log keep what was spent.

const graceMs = () => env().DELETE_GRACE_HOURS * 3_600_000;

const label = (task: { promptText: string; model: string }) => (task.promptText || task.model).slice(0, 120);

export async function deleteTask(db: Db, actor: SessionUser & AuditActor, taskId: string, now = new Date()): Promise<void> {
  const [task] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), isNull(tasks.deletedAt)));
  if (!task) throw notFound("That task");
  if (!canManage(actor, task)) throw forbidden("Only the person who created this task, or an admin, can delete it.");
  // A task still running is cancelled, not deleted: deleting it would hide what is being paid for.
  if (!isTerminal(task.state)) throw new AppError("CONFLICT", "This task is still in progress: cancel it first, then delete it.");
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .update(tasks)
      .set({ deletedAt: now, deletedBy: actor.id })
      .where(and(eq(tasks.id, taskId), isNull(tasks.deletedAt)))
      .returning({ id: tasks.id });
    if (!deleted) return; // deleted a moment ago by someone else: the same end
    await recordAudit(tx, actor, { action: "task_deleted", target: { type: "task", id: taskId, label: label(task) } });
  });
}

/** Brings a deleted output back (admins), while its files are still there. */
export async function restoreTask(db: Db, actor: SessionUser & AuditActor, taskId: string): Promise<void> {
  if (actor.role !== "admin") throw forbidden("Only admins can restore a deleted output.");
  await db.transaction(async (tx) => {
    const [task] = await tx.select().from(tasks).where(eq(tasks.id, taskId)).for("update");
    if (!task || task.deletedAt === null) throw notFound("That deleted output");
    if (task.filesPurgedAt !== null) {
      throw new AppError("CONFLICT", "Its files were removed when the grace period ended, so it cannot be restored.");
    }
    // Restored is kept: the retention rule never takes this output again.
    await tx
      .update(tasks)
      .set({ deletedAt: null, deletedBy: null, deletedByRetention: false, restoredAt: new Date() })
      .where(eq(tasks.id, taskId));
    await recordAudit(tx, actor, { action: "task_restored", target: { type: "task", id: taskId, label: label(task) } });
  });
}

/**
 * Removes the files of outputs deleted longer ago than the grace period. Each task is claimed in
 * one UPDATE (still deleted, not yet purged, past the cutoff), so a restore that came first wins,
 * and two sweeps never remove a file twice; the files go after the row says so. Only files named
 * after the task itself are removed (every stored output is), never one another row may share.
 */
export async function purgeDeletedFiles(db: Db, now = new Date()): Promise<{ purged: number }> {
  const cutoff = new Date(now.getTime() - graceMs());
  const due = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(isNotNull(tasks.deletedAt), lt(tasks.deletedAt, cutoff), isNull(tasks.filesPurgedAt)))
    .orderBy(tasks.deletedAt)
    .limit(200);
  let purged = 0;
  for (const { id } of due) {
    const [before] = await db.select({ media: tasks.mediaPath, poster: tasks.posterPath }).from(tasks).where(eq(tasks.id, id));
    const [claimed] = await db
      .update(tasks)
      .set({ filesPurgedAt: now, mediaPath: null, posterPath: null })
      .where(and(eq(tasks.id, id), isNotNull(tasks.deletedAt), lt(tasks.deletedAt, cutoff), isNull(tasks.filesPurgedAt)))
      .returning({ id: tasks.id });
    if (!claimed) continue;
    for (const file of [before?.media, before?.poster]) {
      if (file && file.split("/").at(-1)?.startsWith(`${id}.`)) await removeStoredFile(file);
    }
    purged++;
  }
  if (purged > 0) logger().info({ event: "deleted_files_purged", count: purged }, "removed the files of deleted outputs");
  return { purged };
}

/** The deleted outputs, newest first, for the admins' list (with when each one's files go). */
export async function listDeletedTasks(db: Db, limit = 200): Promise<DeletedTaskView[]> {
  const deleter = sql<string | null>`(select name from ${users} d where d.id = ${tasks.deletedBy})`;
  const rows = await db
    .select({
      id: tasks.id,
      prompt: tasks.promptText,
      model: tasks.model,
      ownerName: ownerDisplayName,
      deletedAt: tasks.deletedAt,
      deletedBy: deleter,
      byRetention: tasks.deletedByRetention,
      filesPurgedAt: tasks.filesPurgedAt,
      posterPath: tasks.posterPath,
    })
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.ownerId))
    .where(isNotNull(tasks.deletedAt))
    .orderBy(desc(tasks.deletedAt), desc(tasks.id))
    .limit(limit);
  return rows.map((row) => ({
    id: row.id,
    prompt: row.prompt,
    model: row.model,
    owner: row.ownerName,
    deletedAt: row.deletedAt!.toISOString(),
    deletedBy: row.deletedBy,
    byRetention: row.byRetention,
    filesRemovedAt: row.filesPurgedAt?.toISOString() ?? null,
    filesRemoveAfter: row.filesPurgedAt ? null : new Date(row.deletedAt!.getTime() + graceMs()).toISOString(),
    restorable: row.filesPurgedAt === null,
  }));
}
