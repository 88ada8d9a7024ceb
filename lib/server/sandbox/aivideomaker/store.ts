import "server-only";
import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, lte, or, sql } from "drizzle-orm";
import { isUniqueViolation, type SandboxDb as Db } from "../db";
import { OUTBOX_LEASE_MS, dueOutboxRows } from "../outbox-claim";
import {
  sandboxAivideomakerAccounts as accounts,
  sandboxAivideomakerTasks as tasks,
  sandboxAivideomakerWebhooks as outbox,
} from "../schema";
import type { OutboxRow } from "./outbox";

// Persistence of the AIVideoMaker sandbox: accounts (a credit balance per API key) and tasks. State
// moves with time: a task is SUBMITTED, then PROGRESS at progressAt, then its outcome at finishAt.

export type SandboxTask = typeof tasks.$inferSelect;

export function newSandboxTaskId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return `ck${Array.from(randomBytes(22), (byte) => alphabet[byte % alphabet.length]).join("")}`;
}

export async function balanceOf(db: Db, keyHash: string, initialCredits: number): Promise<number> {
  await db.insert(accounts).values({ keyHash, balance: initialCredits }).onConflictDoNothing();
  const [row] = await db.select({ balance: accounts.balance }).from(accounts).where(eq(accounts.keyHash, keyHash));
  return row?.balance ?? initialCredits;
}

export type NewSandboxTask = Omit<SandboxTask, "id" | "status" | "createdAt" | "completedAt" | "creditsRefunded">;

/** Decides which webhook deliveries a task's status changes owe (see outbox.ts). */
export type DeliveryPlanner = (task: SandboxTask, statuses: string[]) => OutboxRow[];

async function enqueue(db: Db, rows: OutboxRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(outbox).values(rows);
}

export type CreateOutcome =
  { kind: "created"; task: SandboxTask } | { kind: "insufficient"; balance: number } | { kind: "existing"; task: SandboxTask };

/** Charges the account and writes the task in one transaction; an existing idempotency key wins. */
export async function createTask(db: Db, input: NewSandboxTask, initialCredits: number, plan: DeliveryPlanner): Promise<CreateOutcome> {
  await balanceOf(db, input.keyHash, initialCredits);
  try {
    return await db.transaction(async (tx) => {
      const charged = await tx
        .update(accounts)
        .set({ balance: sql`${accounts.balance} - ${input.creditsCharged}` })
        .where(and(eq(accounts.keyHash, input.keyHash), sql`${accounts.balance} >= ${input.creditsCharged}`))
        .returning({ balance: accounts.balance });
      if (charged.length === 0) {
        const [row] = await tx.select({ balance: accounts.balance }).from(accounts).where(eq(accounts.keyHash, input.keyHash));
        return { kind: "insufficient", balance: row?.balance ?? 0 } as const;
      }
      const [task] = await tx
        .insert(tasks)
        .values({ ...input, id: newSandboxTaskId(), status: "SUBMITTED" })
        .returning();
      await enqueue(tx, plan(task!, ["SUBMITTED"]));
      return { kind: "created", task: task! } as const;
    });
  } catch (error) {
    // Two requests raced with one Idempotency-Key: the first one's task is the answer.
    if (!input.idempotencyKey || !isUniqueViolation(error)) throw error;
    const existing = await findByIdempotencyKey(db, input.keyHash, input.idempotencyKey);
    if (!existing) throw error;
    return { kind: "existing", task: existing };
  }
}

export async function findByIdempotencyKey(db: Db, keyHash: string, idempotencyKey: string): Promise<SandboxTask | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.keyHash, keyHash), eq(tasks.idempotencyKey, idempotencyKey)));
  return row;
}

export async function findTask(db: Db, keyHash: string, id: string): Promise<SandboxTask | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.keyHash, keyHash), eq(tasks.id, id)));
  return row;
}

export async function listTasks(db: Db, keyHash: string): Promise<SandboxTask[]> {
  return db.select().from(tasks).where(eq(tasks.keyHash, keyHash)).orderBy(desc(tasks.createdAt), desc(tasks.id));
}

/** PUT cancel: only a SUBMITTED task moves to CANCEL, with a full refund. */
export async function cancelTask(db: Db, keyHash: string, id: string, plan: DeliveryPlanner): Promise<SandboxTask | undefined> {
  return db.transaction(async (tx) => {
    const [task] = await tx
      .update(tasks)
      .set({ status: "CANCEL", completedAt: new Date(), creditsRefunded: sql`${tasks.creditsCharged}` })
      .where(and(eq(tasks.keyHash, keyHash), eq(tasks.id, id), eq(tasks.status, "SUBMITTED")))
      .returning();
    if (!task) return undefined;
    await tx
      .update(accounts)
      .set({ balance: sql`${accounts.balance} + ${task.creditsCharged}` })
      .where(eq(accounts.keyHash, keyHash));
    await enqueue(tx, plan(task, ["CANCEL"]));
    return task;
  });
}

/** Moves every task whose time has come; failed tasks are refunded; each change owes its webhooks. */
export async function advanceDueTasks(db: Db, now: Date, plan: DeliveryPlanner): Promise<SandboxTask[]> {
  // One cheap read first: the clock and every request call this, and mostly nothing is due.
  const [due] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(or(and(eq(tasks.status, "SUBMITTED"), lte(tasks.progressAt, now)), and(eq(tasks.status, "PROGRESS"), lte(tasks.finishAt, now))))
    .limit(1);
  if (!due) return [];
  return db.transaction(async (tx) => {
    const started = await tx
      .update(tasks)
      .set({ status: "PROGRESS" })
      .where(and(eq(tasks.status, "SUBMITTED"), lte(tasks.progressAt, now)))
      .returning();
    const finished = await tx
      .update(tasks)
      .set({
        status: sql`${tasks.outcome}`,
        completedAt: now,
        creditsRefunded: sql`case when ${tasks.outcome} = 'FAILED' then ${tasks.creditsCharged} else 0 end`,
      })
      .where(and(eq(tasks.status, "PROGRESS"), lte(tasks.finishAt, now)))
      .returning();
    for (const task of finished) {
      if (task.status !== "FAILED") continue;
      await tx
        .update(accounts)
        .set({ balance: sql`${accounts.balance} + ${task.creditsCharged}` })
        .where(eq(accounts.keyHash, task.keyHash));
    }
    const startedIds = new Set(started.map((task) => task.id));
    const finishedIds = new Set(finished.map((task) => task.id));
    for (const task of started) if (!finishedIds.has(task.id)) await enqueue(tx, plan(task, ["PROGRESS"]));
    // A task that started and finished within one step still owes both of its changes, in order.
    for (const task of finished) await enqueue(tx, plan(task, startedIds.has(task.id) ? ["PROGRESS", task.status] : [task.status]));
    return [...started.filter((task) => !finishedIds.has(task.id)), ...finished];
  });
}

export type DueWebhook = { id: number; attempts: number; status: string; task: SandboxTask };

/**
 * Claims the deliveries whose time has come, oldest first. Claiming leases them for a minute, so two
 * processes serving the same sandbox never send one delivery twice, and a crashed sender's rows return.
 */
export async function dueWebhooks(db: Db, now: Date, limit = 200): Promise<DueWebhook[]> {
  const claimed = await db
    .update(outbox)
    .set({ deliverAfter: new Date(now.getTime() + OUTBOX_LEASE_MS) })
    .where(dueOutboxRows(db, outbox, now, limit))
    .returning({ id: outbox.id, attempts: outbox.attempts, status: outbox.status, taskId: outbox.taskId });
  if (claimed.length === 0) return [];
  const owners = await db
    .select()
    .from(tasks)
    .where(inArray(tasks.id, [...new Set(claimed.map((row) => row.taskId))]));
  const byId = new Map(owners.map((task) => [task.id, task]));
  return claimed
    .sort((a, b) => a.id - b.id)
    .flatMap((row) =>
      byId.has(row.taskId) ? [{ id: row.id, attempts: row.attempts, status: row.status, task: byId.get(row.taskId)! }] : [],
    );
}

/** Marks deliveries done, or pushes failed ones back with a growing delay (given up after 3 tries). */
export async function settleWebhooks(db: Db, delivered: number[], failed: { id: number; attempts: number }[], now: Date): Promise<void> {
  if (delivered.length > 0) await db.update(outbox).set({ deliveredAt: now }).where(inArray(outbox.id, delivered));
  for (const { id, attempts } of failed) {
    const next = attempts + 1;
    await db
      .update(outbox)
      .set(next >= 3 ? { attempts: next, deliveredAt: now } : { attempts: next, deliverAfter: new Date(now.getTime() + 2 ** next * 1000) })
      .where(eq(outbox.id, id));
  }
}
