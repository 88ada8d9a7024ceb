import "server-only";
import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { taskEvents, tasks, users, type Task, type TaskEvent } from "../schema";

export type TaskWithOwner = Task & { ownerName: string };

const withOwner = { task: tasks, ownerName: users.name };

export async function findTask(db: Db, id: string): Promise<Task | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
  return row;
}

export async function findTaskWithOwner(db: Db, id: string): Promise<TaskWithOwner | undefined> {
  const [row] = await db.select(withOwner).from(tasks).innerJoin(users, eq(users.id, tasks.ownerId)).where(eq(tasks.id, id));
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

/** Pending tasks whose last submission attempt is older than `before` (or that never had one). */
export async function pendingTasksDue(db: Db, provider: string, sandbox: boolean, before: Date, limit = 100): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(ofProvider(provider, sandbox), eq(tasks.state, "pending"), or(isNull(tasks.lastSubmitAt), lt(tasks.lastSubmitAt, before))))
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
export async function tasksMissingPoster(db: Db, limit = 20): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.state, "succeeded"), isNotNull(tasks.mediaPath), isNull(tasks.posterPath)))
    .limit(limit);
}

/** Succeeded tasks whose output is not yet in our storage, finished before `before`. */
export async function tasksAwaitingArchive(db: Db, maxAttempts: number, before: Date, limit = 50): Promise<Task[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.state, "succeeded"),
        isNull(tasks.mediaPath),
        isNotNull(tasks.outputUrl),
        lt(tasks.archiveAttempts, maxAttempts),
        lt(tasks.finishedAt, before),
      ),
    )
    .orderBy(asc(tasks.finishedAt))
    .limit(limit);
}

export async function countRunningForOwner(db: Db, ownerId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(tasks)
    .where(and(eq(tasks.ownerId, ownerId), inArray(tasks.state, ["pending", "queued", "running"])));
  return row?.count ?? 0;
}
