import "server-only";
import { and, eq, gt, inArray, lte, or, sql } from "drizzle-orm";
import type { SandboxDb as Db } from "../db";
import { OUTBOX_LEASE_MS, dueOutboxRows } from "../outbox-claim";
import { sandboxApidotAccounts as accounts, sandboxApidotCallbacks as outbox, sandboxApidotTasks as tasks } from "../schema";
import type { CallbackRow } from "./outbox";

// Persistence of the APIDot sandbox, the same design as the AIVideoMaker one: an account (a credit
// balance, and the count of tasks that decides the next result shape) per API key, tasks that move
// not_started -> running at progressAt -> their outcome at finishAt, and an outbox of callbacks.
// Each change and the callbacks it owes are written in one transaction.

export type ApidotTask = typeof tasks.$inferSelect;
export type NewApidotTask = Omit<ApidotTask, "status" | "shape">;

/** Decides which callbacks a task that just ended owes (see outbox.ts). */
export type CallbackPlanner = (task: ApidotTask) => CallbackRow[];

async function ensureAccount(db: Db, keyHash: string, initialCredits: number): Promise<void> {
  await db.insert(accounts).values({ keyHash, balance: initialCredits }).onConflictDoNothing();
}

export async function balanceOf(db: Db, keyHash: string, initialCredits: number): Promise<number> {
  await ensureAccount(db, keyHash, initialCredits);
  const [row] = await db.select({ balance: accounts.balance }).from(accounts).where(eq(accounts.keyHash, keyHash));
  return row?.balance ?? initialCredits;
}

export type SubmitOutcome = { kind: "created"; task: ApidotTask } | { kind: "insufficient"; balance: number };

/**
 * Charges the account and writes the task in one transaction. Unless `shape` is forced, tasks take
 * turns: the account's first task answers in the "output" shape, the next in "files", and so on.
 */
export async function submitTask(
  db: Db,
  input: NewApidotTask,
  shape: ApidotTask["shape"] | undefined,
  initialCredits: number,
): Promise<SubmitOutcome> {
  await ensureAccount(db, input.keyHash, initialCredits);
  return db.transaction(async (tx) => {
    const [charged] = await tx
      .update(accounts)
      .set({ balance: sql`${accounts.balance} - ${input.cost}`, submitted: sql`${accounts.submitted} + 1` })
      .where(and(eq(accounts.keyHash, input.keyHash), sql`${accounts.balance} >= ${input.cost}`))
      .returning({ submitted: accounts.submitted });
    if (!charged) {
      const [row] = await tx.select({ balance: accounts.balance }).from(accounts).where(eq(accounts.keyHash, input.keyHash));
      return { kind: "insufficient", balance: row?.balance ?? 0 } as const;
    }
    const turn = charged.submitted % 2 === 1 ? "output" : "files";
    const [task] = await tx
      .insert(tasks)
      .values({ ...input, status: "not_started", shape: shape ?? turn })
      .returning();
    return { kind: "created", task: task! } as const;
  });
}

export async function findTask(db: Db, keyHash: string, id: string): Promise<ApidotTask | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.keyHash, keyHash), eq(tasks.id, id)));
  return row;
}

/** Moves every task whose time has come; a task that ends is refunded if it failed and owes its callbacks. */
export async function advanceDueTasks(db: Db, now: Date, plan: CallbackPlanner): Promise<void> {
  // One cheap read first: the clock and every request call this, and mostly nothing is due.
  const [due] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(or(and(eq(tasks.status, "not_started"), lte(tasks.progressAt, now)), and(eq(tasks.status, "running"), lte(tasks.finishAt, now))))
    .limit(1);
  if (!due) return;
  await db.transaction(async (tx) => {
    await tx
      .update(tasks)
      .set({ status: "running" })
      .where(and(eq(tasks.status, "not_started"), lte(tasks.progressAt, now)));
    const ended = await tx
      .update(tasks)
      .set({ status: sql`${tasks.outcome}` })
      .where(and(eq(tasks.status, "running"), lte(tasks.finishAt, now)))
      .returning();
    for (const task of ended) {
      if (task.status === "failed") {
        await tx
          .update(accounts)
          .set({ balance: sql`${accounts.balance} + ${task.cost}` })
          .where(eq(accounts.keyHash, task.keyHash));
      }
      const rows = plan(task);
      if (rows.length > 0) await tx.insert(outbox).values(rows);
    }
  });
}

/** Ends the wait of the account's tasks still queued (held), keeping the length of their run. */
export async function releaseQueuedTasks(db: Db, keyHash: string, now: Date): Promise<number> {
  const released = await db
    .update(tasks)
    .set({ progressAt: now, finishAt: sql`${now.toISOString()}::timestamptz + (${tasks.finishAt} - ${tasks.progressAt})` })
    .where(and(eq(tasks.keyHash, keyHash), eq(tasks.status, "not_started"), gt(tasks.progressAt, now)))
    .returning({ id: tasks.id });
  return released.length;
}

export type DueCallback = { id: number; attempts: number; status: ApidotTask["status"]; task: ApidotTask };

/**
 * Claims the callbacks whose time has come, oldest first. Claiming leases them for a minute, so two
 * processes serving the same sandbox never send one twice, and a crashed sender's rows return.
 */
export async function dueCallbacks(db: Db, now: Date, limit = 200): Promise<DueCallback[]> {
  const claimed = await db
    .update(outbox)
    .set({ deliverAfter: new Date(now.getTime() + OUTBOX_LEASE_MS) })
    .where(dueOutboxRows(db, outbox, now, limit))
    .returning();
  if (claimed.length === 0) return [];
  const owners = await db
    .select()
    .from(tasks)
    .where(inArray(tasks.id, [...new Set(claimed.map((row) => row.taskId))]));
  const byId = new Map(owners.map((task) => [task.id, task]));
  return claimed
    .sort((a, b) => a.id - b.id)
    .flatMap((row) => {
      const task = byId.get(row.taskId);
      return task ? [{ id: row.id, attempts: row.attempts, status: row.status as ApidotTask["status"], task }] : [];
    });
}

/** Marks callbacks sent, or retries failed ones after 1, 2, 4, 8 and 16 seconds, then gives up. */
export async function settleCallbacks(db: Db, delivered: number[], failed: { id: number; attempts: number }[], now: Date): Promise<void> {
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
