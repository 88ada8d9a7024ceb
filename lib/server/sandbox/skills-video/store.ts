import "server-only";
import { and, eq, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { SandboxDb as Db } from "../db";
import { OUTBOX_LEASE_MS, dueOutboxRows } from "../outbox-claim";
import {
  sandboxSkillsVideoAccounts as accounts,
  sandboxSkillsVideoGenerations as generations,
  sandboxSkillsVideoWebhooks as outbox,
} from "../schema";
import type { WebhookRow } from "./outbox";

// Persistence of the skills.video sandbox, the same design as the AIVideoMaker one: an account (a
// credit balance) per API key, generations that move IN_QUEUE -> IN_PROGRESS at progressAt -> their
// outcome at finishAt, and an outbox of signed webhooks. Each change and the webhooks it owes are
// written in one transaction, so a restart neither loses nor repeats one.

export type Generation = typeof generations.$inferSelect;
export type NewGeneration = Omit<Generation, "status" | "createdAt">;

/** Decides which webhooks a generation's status changes owe (see outbox.ts). */
export type WebhookPlanner = (generation: Generation, statuses: Generation["status"][]) => WebhookRow[];

async function enqueue(db: Db, rows: WebhookRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(outbox).values(rows);
}

export async function balanceOf(db: Db, keyHash: string, initialCredits: number): Promise<number> {
  await db.insert(accounts).values({ keyHash, balance: initialCredits }).onConflictDoNothing();
  const [row] = await db.select({ balance: accounts.balance }).from(accounts).where(eq(accounts.keyHash, keyHash));
  return row?.balance ?? initialCredits;
}

export type CreateOutcome = { kind: "created"; generation: Generation } | { kind: "insufficient"; balance: number };

/** Charges the account and writes the generation, with its IN_QUEUE webhook, in one transaction. */
export async function createGeneration(db: Db, input: NewGeneration, initialCredits: number, plan: WebhookPlanner): Promise<CreateOutcome> {
  await balanceOf(db, input.keyHash, initialCredits);
  return db.transaction(async (tx) => {
    const charged = await tx
      .update(accounts)
      .set({ balance: sql`${accounts.balance} - ${input.cost}` })
      .where(and(eq(accounts.keyHash, input.keyHash), sql`${accounts.balance} >= ${input.cost}`))
      .returning({ balance: accounts.balance });
    if (charged.length === 0) {
      const [row] = await tx.select({ balance: accounts.balance }).from(accounts).where(eq(accounts.keyHash, input.keyHash));
      return { kind: "insufficient", balance: row?.balance ?? 0 } as const;
    }
    const [generation] = await tx
      .insert(generations)
      .values({ ...input, status: "IN_QUEUE" })
      .returning();
    await enqueue(tx, plan(generation!, ["IN_QUEUE"]));
    return { kind: "created", generation: generation! } as const;
  });
}

export async function findGeneration(db: Db, keyHash: string, id: string): Promise<Generation | undefined> {
  const [row] = await db
    .select()
    .from(generations)
    .where(and(eq(generations.keyHash, keyHash), eq(generations.id, id)));
  return row;
}

/**
 * Moves every generation whose time has come (or only `onlyId`); failures are refunded; each change
 * owes its webhooks. Returns the generations that changed.
 */
export async function advanceDueGenerations(db: Db, now: Date, plan: WebhookPlanner, onlyId?: string): Promise<Generation[]> {
  const scope = (condition: SQL | undefined) => (onlyId ? and(condition, eq(generations.id, onlyId)) : condition);
  const starting = and(eq(generations.status, "IN_QUEUE"), lte(generations.progressAt, now));
  const finishing = and(eq(generations.status, "IN_PROGRESS"), lte(generations.finishAt, now));
  // One cheap read first: the clock and every request call this, and mostly nothing is due.
  const [due] = await db
    .select({ id: generations.id })
    .from(generations)
    .where(scope(or(starting, finishing)))
    .limit(1);
  if (!due) return [];
  return db.transaction(async (tx) => {
    const started = await tx.update(generations).set({ status: "IN_PROGRESS" }).where(scope(starting)).returning();
    const finished = await tx
      .update(generations)
      .set({ status: sql`${generations.outcome}` })
      .where(scope(finishing))
      .returning();
    for (const generation of finished) {
      if (generation.status !== "FAILED") continue;
      await tx
        .update(accounts)
        .set({ balance: sql`${accounts.balance} + ${generation.cost}` })
        .where(eq(accounts.keyHash, generation.keyHash));
    }
    const startedIds = new Set(started.map((generation) => generation.id));
    const finishedIds = new Set(finished.map((generation) => generation.id));
    for (const generation of started) if (!finishedIds.has(generation.id)) await enqueue(tx, plan(generation, ["IN_PROGRESS"]));
    // A generation that started and finished within one step still owes both of its changes, in order.
    for (const generation of finished)
      await enqueue(tx, plan(generation, startedIds.has(generation.id) ? ["IN_PROGRESS", generation.status] : [generation.status]));
    return [...started.filter((generation) => !finishedIds.has(generation.id)), ...finished];
  });
}

export type DueWebhook = { id: number; attempts: number; status: Generation["status"]; messageId: string; generation: Generation };

/**
 * Claims the webhooks whose time has come, oldest first. Claiming leases them for a minute, so two
 * processes serving the same sandbox never send one twice, and a crashed sender's rows return.
 */
export async function dueWebhooks(db: Db, now: Date, limit = 200): Promise<DueWebhook[]> {
  const claimed = await db
    .update(outbox)
    .set({ deliverAfter: new Date(now.getTime() + OUTBOX_LEASE_MS) })
    .where(dueOutboxRows(db, outbox, now, limit))
    .returning();
  if (claimed.length === 0) return [];
  const owners = await db
    .select()
    .from(generations)
    .where(inArray(generations.id, [...new Set(claimed.map((row) => row.generationId))]));
  const byId = new Map(owners.map((generation) => [generation.id, generation]));
  return claimed
    .sort((a, b) => a.id - b.id)
    .flatMap((row) => {
      const generation = byId.get(row.generationId);
      const status = row.status as Generation["status"];
      return generation ? [{ id: row.id, attempts: row.attempts, status, messageId: row.messageId, generation }] : [];
    });
}

/** Marks webhooks sent, or retries failed ones after 1, 2, 4, 8 and 16 seconds, then gives up. */
export async function settleWebhooks(db: Db, delivered: number[], failed: { id: number; attempts: number }[], now: Date): Promise<void> {
  if (delivered.length > 0) await db.update(outbox).set({ deliveredAt: now }).where(inArray(outbox.id, delivered));
  for (const { id, attempts } of failed) {
    await db
      .update(outbox)
      .set(
        attempts >= 5
          ? { attempts: attempts + 1, deliveredAt: now }
          : { attempts: attempts + 1, deliverAfter: new Date(now.getTime() + 2 ** attempts * 1000) },
      )
      .where(eq(outbox.id, id));
  }
}
