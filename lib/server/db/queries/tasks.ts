import "server-only";
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { taskEvents, tasks, users, type Task, type TaskEvent } from "../schema";
import { ownerDisplayName } from "./owner-name";

// Every read and write of the tasks table. Writes take a Db, which may be a transaction: the state
// machine writes a task and its event together through these.

export type NewTask = typeof tasks.$inferInsert;
export type TaskPatch = Partial<Omit<Task, "id" | "ownerId" | "createdAt">>;
export type NewTaskEvent = typeof taskEvents.$inferInsert;

export type TaskWithOwner = Task & { ownerName: string };

const withOwner = { task: tasks, ownerName: ownerDisplayName };

export async function findTask(db: Db, id: string): Promise<Task | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
  return row;
}

/** A task as people may see it: a deleted one is not there (see tasks/delete-task.ts). */
export async function findVisibleTask(db: Db, id: string): Promise<Task | undefined> {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), isNull(tasks.deletedAt)));
  return row;
}

/** A task with its owner's name, as people may see it (not deleted). */
export async function findTaskWithOwner(db: Db, id: string): Promise<TaskWithOwner | undefined> {
  const [row] = await db
    .select(withOwner)
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.ownerId))
    .where(and(eq(tasks.id, id), isNull(tasks.deletedAt)));
  return row ? { ...row.task, ownerName: row.ownerName } : undefined;
}

export async function listTaskEvents(db: Db, taskId: string): Promise<TaskEvent[]> {
  return db.select().from(taskEvents).where(eq(taskEvents.taskId, taskId)).orderBy(asc(taskEvents.id)).limit(500);
}

/** A provider's tasks in one mode (live or sandbox): the reconciler never mixes the two. */
const ofProvider = (provider: string, sandbox: boolean) => and(eq(tasks.provider, provider), eq(tasks.sandbox, sandbox));

/** Tasks the provider has accepted and not yet finished. */
export async function inFlightTasks(db: Db, provider: string, sandbox: boolean, limit = 1000): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(ofProvider(provider, sandbox), inArray(tasks.state, ["queued", "running"]), isNotNull(tasks.providerTaskId)))
    .orderBy(asc(tasks.createdAt))
    .limit(limit);
}

/** A pending task that may be sent now: no attempt since `before`, and its resend wait is over. */
const submitDue = (before: Date, now: Date) =>
  and(or(isNull(tasks.lastSubmitAt), lt(tasks.lastSubmitAt, before)), or(isNull(tasks.submitRetryAt), lte(tasks.submitRetryAt, now)));

/**
 * Pending tasks whose last submission attempt is older than `before` (or that never had one) and
 * whose resend wait (after an unclear answer) is over at `now`.
 */
export async function pendingTasksDue(
  db: Db,
  provider: string,
  sandbox: boolean,
  before: Date,
  now = new Date(),
  limit = 100,
): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(ofProvider(provider, sandbox), eq(tasks.state, "pending"), submitDue(before, now)))
    .orderBy(asc(tasks.createdAt))
    .limit(limit);
}

/** Unfinished tasks of the other mode: made in the sandbox before a key was set, or the reverse. */
export async function strandedTasks(db: Db, provider: string, sandbox: boolean, limit = 100): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(ofProvider(provider, !sandbox), inArray(tasks.state, ["pending", "queued", "running"])))
    .limit(limit);
}

/**
 * Tasks cancelled while still pending after at least one submission attempt, in the last half hour:
 * an attempt whose answer was lost may have created a provider task that nobody tracks.
 */
export async function possibleOrphans(db: Db, provider: string, sandbox: boolean): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        ofProvider(provider, sandbox),
        eq(tasks.state, "canceled"),
        isNull(tasks.providerTaskId),
        sql`${tasks.submitAttempts} > 0`,
        sql`${tasks.finishedAt} > now() - interval '30 minutes'`,
      ),
    )
    .limit(200);
}

/**
 * Tasks the watchdog expired that may still finish at the provider: expired within `since` (the
 * provider's retention), with a provider task, and not looked at since `checkedBefore`.
 */
export async function expiredTasksToRecheck(
  db: Db,
  provider: string,
  sandbox: boolean,
  window: { since: Date; checkedBefore: Date },
  limit = 10,
): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        ofProvider(provider, sandbox),
        eq(tasks.state, "expired"),
        isNotNull(tasks.providerTaskId),
        gt(tasks.finishedAt, window.since),
        or(isNull(tasks.lastCheckedAt), lt(tasks.lastCheckedAt, window.checkedBefore)),
      ),
    )
    .orderBy(asc(tasks.lastCheckedAt), asc(tasks.finishedAt))
    .limit(limit);
}

/** Unfinished tasks past their deadline, for the watchdog. */
export async function overdueTasks(db: Db, provider: string, sandbox: boolean, now: Date, limit = 50): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(ofProvider(provider, sandbox), inArray(tasks.state, ["queued", "running"]), lt(tasks.deadlineAt, now)))
    .orderBy(asc(tasks.deadlineAt))
    .limit(limit);
}

/** Archived outputs that have no poster yet (made before posters existed, or whose poster failed). */
export async function tasksMissingPoster(db: Db, maxAttempts: number, now: Date, limit = 20): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.state, "succeeded"),
        isNotNull(tasks.mediaPath),
        isNull(tasks.posterPath),
        lt(tasks.posterAttempts, maxAttempts),
        or(isNull(tasks.archiveRetryAt), lt(tasks.archiveRetryAt, now)),
      ),
    )
    .limit(limit);
}

/** Succeeded tasks whose output is not yet in our storage, finished before `before`. */
export async function tasksAwaitingArchive(db: Db, maxAttempts: number, before: Date, now: Date, limit = 50): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.state, "succeeded"),
        isNull(tasks.mediaPath),
        isNotNull(tasks.outputUrl),
        // A deleted output is not copied again (its files were let go on purpose).
        isNull(tasks.deletedAt),
        lt(tasks.archiveAttempts, maxAttempts),
        lt(tasks.finishedAt, before),
        // Not before its wait after a failed try is over.
        or(isNull(tasks.archiveRetryAt), lt(tasks.archiveRetryAt, now)),
      ),
    )
    .orderBy(asc(tasks.finishedAt))
    .limit(limit);
}

/** A task read with its row locked for the rest of the transaction (the state machine's read). */
export async function lockTask(db: Db, id: string): Promise<Task | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id)).for("update");
  return row;
}

/** The task still in flight that was made from this request hash (a duplicate's original), if any. */
export async function findInFlightByRequestHash(db: Db, requestHash: string): Promise<Pick<Task, "id"> | undefined> {
  const [row] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.requestHash, requestHash), inArray(tasks.state, ["awaiting_approval", "pending", "queued", "running"])));
  return row;
}

// --- Writes

/** A new task with its first timeline event, in one transaction. */
export async function insertTaskWithEvent(db: Db, task: NewTask, event: Omit<NewTaskEvent, "taskId">): Promise<void> {
  await db.transaction((tx) => insertTaskRows(tx, task, event));
}

/** The task and its first event, for a caller already in a transaction (no savepoint of its own). */
export async function insertTaskRows(tx: Db, task: NewTask, event: Omit<NewTaskEvent, "taskId">): Promise<void> {
  await tx.insert(tasks).values(task);
  await tx.insert(taskEvents).values({ ...event, taskId: task.id });
}

/** Changes fields of one task; the row after the change, or undefined when there is none. */
export async function updateTask(db: Db, id: string, patch: TaskPatch): Promise<Task | undefined> {
  const [row] = await db.update(tasks).set(patch).where(eq(tasks.id, id)).returning();
  return row;
}

/** One row of the timeline. */
export async function insertTaskEvent(db: Db, event: NewTaskEvent): Promise<void> {
  await db.insert(taskEvents).values(event);
}

/**
 * Claims one submission attempt: only a task that is still pending, and (for the reconciler) whose
 * last attempt is older than `claimBefore` and whose resend wait is over at `now`, so two instances
 * never send it at the same moment and no resend goes early.
 */
export async function claimSubmitAttempt(
  db: Db,
  id: string,
  mark: { providerStatus?: string },
  claimBefore?: Date,
  now = new Date(),
): Promise<Task | undefined> {
  const due = claimBefore ? submitDue(claimBefore, now) : undefined;
  const [task] = await db
    .update(tasks)
    .set({ submitAttempts: sql`${tasks.submitAttempts} + 1`, lastSubmitAt: new Date(), updatedAt: new Date(), ...mark })
    .where(and(eq(tasks.id, id), eq(tasks.state, "pending"), due))
    .returning();
  return task;
}

/** Clears a provider status, but only while it is still `expected` (another writer may have moved on). */
export async function clearProviderStatusIf(db: Db, id: string, expected: string): Promise<void> {
  await db
    .update(tasks)
    .set({ providerStatus: null })
    .where(and(eq(tasks.id, id), eq(tasks.providerStatus, expected)));
}

/** Counts one more archive attempt and returns how many there have been. */
export async function countArchiveAttempt(db: Db, id: string): Promise<number> {
  const [row] = await db
    .update(tasks)
    .set({ archiveAttempts: sql`${tasks.archiveAttempts} + 1` })
    .where(eq(tasks.id, id))
    .returning({ attempts: tasks.archiveAttempts });
  return row?.attempts ?? 1;
}
