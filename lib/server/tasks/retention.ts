import "server-only";
import { and, eq, inArray, isNull, lt, notExists, sql } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/log";
import type { Db } from "../db";
import { librarySettings, taskFavourites, tasks, users } from "../db/schema";
import { logger } from "../logger";
import type { RetentionView } from "@/lib/shared/retention";

// The retention rule: an admin may have Cutroom delete finished outputs nobody has favourited once
// they are older than N days. Off by default. What it deletes goes through the same door as a
// person's delete (gone from every view, files kept for DELETE_GRACE_HOURS, restorable by an admin
// until then), marked as the rule's doing. An output an admin restored is never taken again, and a
// favourite (anyone's) keeps an output for good.

const TEAM_ROW = "team";
const BATCH = 500;
const DAY_MS = 86_400_000;

const SYSTEM: AuditActor = { id: null, name: "Retention rule" };

export async function retentionDays(db: Db): Promise<number | null> {
  const [row] = await db.select({ days: librarySettings.retentionDays }).from(librarySettings).where(eq(librarySettings.id, TEAM_ROW));
  return row?.days ?? null;
}

/** What the rule would take: succeeded, live, never restored, older than the cutoff, nobody's favourite. */
function dueCondition(cutoff: Date) {
  return and(
    eq(tasks.state, "succeeded"),
    isNull(tasks.deletedAt),
    isNull(tasks.restoredAt),
    lt(tasks.createdAt, cutoff),
    notExists(sql`(select 1 from ${taskFavourites} where ${taskFavourites.taskId} = ${tasks.id})`),
  );
}

const cutoffFor = (days: number, now: Date) => new Date(now.getTime() - days * DAY_MS);

export async function countDue(db: Db, days: number, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(tasks)
    .where(dueCondition(cutoffFor(days, now)));
  return Number(row?.count ?? 0);
}

export async function retentionView(db: Db, askedDays?: number, now = new Date()): Promise<RetentionView> {
  const [row] = await db
    .select({ days: librarySettings.retentionDays, updatedAt: librarySettings.updatedAt, updatedBy: users.name })
    .from(librarySettings)
    .leftJoin(users, eq(users.id, librarySettings.updatedBy))
    .where(eq(librarySettings.id, TEAM_ROW));
  const days = row?.days ?? null;
  const previewDays = askedDays ?? days;
  return {
    days,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row?.updatedBy ?? null,
    due: previewDays === null ? 0 : await countDue(db, previewDays, now),
  };
}

export async function setRetention(db: Db, actor: AuditActor & { id: string }, days: number | null): Promise<RetentionView> {
  await db.transaction(async (tx) => {
    const before = await retentionDays(tx);
    await tx
      .insert(librarySettings)
      .values({ id: TEAM_ROW, retentionDays: days, updatedBy: actor.id })
      .onConflictDoUpdate({ target: librarySettings.id, set: { retentionDays: days, updatedBy: actor.id, updatedAt: new Date() } });
    if (before !== days) {
      await recordAudit(tx, actor, {
        action: "retention_changed",
        target: { type: "team", id: null, label: "Retention rule" },
        before: { days: before },
        after: { days },
      });
    }
  });
  return retentionView(db);
}

/**
 * Deletes what the rule says is due, a batch at a time (the hourly sweep calls it). Each batch is
 * one UPDATE whose WHERE re-checks every condition, so a favourite or a restore that lands first
 * wins, and any number of processes may sweep at once without deleting anything twice.
 */
export async function applyRetention(db: Db, now = new Date()): Promise<{ deleted: number }> {
  const days = await retentionDays(db);
  if (days === null) return { deleted: 0 };
  const cutoff = cutoffFor(days, now);
  let deleted = 0;
  for (;;) {
    const due = db.select({ id: tasks.id }).from(tasks).where(dueCondition(cutoff)).orderBy(tasks.createdAt).limit(BATCH);
    const batch = await db.transaction(async (tx) => {
      const rows = await tx
        .update(tasks)
        .set({ deletedAt: now, deletedBy: null, deletedByRetention: true })
        .where(and(inArray(tasks.id, due), dueCondition(cutoff)))
        .returning({ id: tasks.id });
      if (rows.length > 0) {
        await recordAudit(tx, SYSTEM, {
          action: "retention_applied",
          target: { type: "team", id: null, label: `${rows.length} outputs older than ${days} days` },
          after: { days, count: rows.length },
        });
      }
      return rows.length;
    });
    deleted += batch;
    if (batch < BATCH) break;
  }
  if (deleted > 0) logger().info({ event: "retention_applied", count: deleted, days }, "the retention rule deleted outputs");
  return { deleted };
}
