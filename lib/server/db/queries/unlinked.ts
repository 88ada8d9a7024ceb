import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, gte, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { tasks, unlinkedProviderTasks as unlinked, type Task, type UnlinkedProviderTask } from "../schema";

// Reads and writes of the unlinked-provider-task inbox (schema.ts) and the tasks that may adopt one.

/**
 * Keeps (or counts again) a provider task a signed delivery named that no task of ours has. Its
 * status is kept only when it is at least as far along as the one kept (`hintRank`).
 */
export async function keepUnlinked(
  db: Db,
  row: { provider: string; sandbox: boolean; providerTaskId: string; statusHint: string; hintRank: number },
): Promise<void> {
  const further = sql`excluded.hint_rank >= ${unlinked.hintRank}`;
  await db
    .insert(unlinked)
    .values({ id: randomUUID(), ...row })
    .onConflictDoUpdate({
      target: [unlinked.provider, unlinked.providerTaskId],
      set: {
        statusHint: sql`case when ${further} then excluded.status_hint else ${unlinked.statusHint} end`,
        hintRank: sql`greatest(excluded.hint_rank, ${unlinked.hintRank})`,
        deliveries: sql`${unlinked.deliveries} + 1`,
        lastSeenAt: sql`now()`,
      },
    });
}

/** Rows still unlinked, seen since `since`, least recently looked up first. */
export async function unlinkedSince(db: Db, provider: string, sandbox: boolean, since: Date, limit = 50): Promise<UnlinkedProviderTask[]> {
  return db
    .select()
    .from(unlinked)
    .where(
      and(eq(unlinked.provider, provider), eq(unlinked.sandbox, sandbox), isNull(unlinked.linkedTaskId), gte(unlinked.lastSeenAt, since)),
    )
    .orderBy(sql`${unlinked.lookedUpAt} asc nulls first`, desc(unlinked.lastSeenAt))
    .limit(limit);
}

export async function updateUnlinked(
  db: Db,
  id: string,
  patch: Partial<Pick<UnlinkedProviderTask, "lookedUpAt" | "lookedUpStatus" | "linkedTaskId" | "linkedAt" | "note">>,
): Promise<void> {
  await db.update(unlinked).set(patch).where(eq(unlinked.id, id));
}

/** Drops rows last seen before `before`, linked or not: the inbox is recent history, not an archive. */
export async function pruneUnlinked(db: Db, before: Date): Promise<void> {
  await db.delete(unlinked).where(lt(unlinked.lastSeenAt, before));
}

/** The most recent rows, for the admin's inbox. */
export async function recentUnlinked(db: Db, limit = 20): Promise<UnlinkedProviderTask[]> {
  return db.select().from(unlinked).orderBy(desc(unlinked.lastSeenAt), desc(unlinked.id)).limit(limit);
}

/** The task of ours that provider task belongs to, if one has learnt its id. */
export async function taskByProviderTaskId(db: Db, provider: string, providerTaskId: string): Promise<Task | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.provider, provider), eq(tasks.providerTaskId, providerTaskId)))
    .limit(1);
  return row;
}

/**
 * Tasks that never learnt their provider task's id (state-machine.ts `canAdopt`): pending, or failed
 * SUBMIT_UNCONFIRMED, made since `since`. With `idempotencyKey`, only the task of that key.
 */
export async function adoptableTasks(
  db: Db,
  filter: { provider: string; sandbox: boolean; since: Date; idempotencyKey?: string },
  limit = 100,
): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.provider, filter.provider),
        eq(tasks.sandbox, filter.sandbox),
        isNull(tasks.providerTaskId),
        gte(tasks.createdAt, filter.since),
        or(eq(tasks.state, "pending"), and(eq(tasks.state, "failed"), eq(tasks.errorCode, "SUBMIT_UNCONFIRMED"))),
        filter.idempotencyKey ? eq(tasks.idempotencyKey, filter.idempotencyKey) : undefined,
      ),
    )
    .limit(limit);
}
