import "server-only";
import PgBoss from "pg-boss";
import { databaseHandle } from "../db";
import { logger } from "../logger";

// Background jobs run on pg-boss in the same database: on Postgres through its own small pool, on
// embedded PGlite through the one PGlite client. Every process can send jobs; only processes that
// run background work also take them (lib/server/jobs/workers.ts).

export const QUEUES = {
  /**
   * One reconcile cycle. Sends are limited to one per time slot; the handler itself takes a lock
   * that dies with its process, so a crash mid-cycle never blocks the next one.
   */
  reconcile: { name: "reconcile", policy: "standard", retryLimit: 0, expireInSeconds: 120 },
  /** Applies one webhook delivery. Retried with backoff if it throws. */
  webhook: { name: "webhook", policy: "standard", retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  /** Copies one finished task's output into storage; `short` keeps one waiting job per task. */
  archive: { name: "archive", policy: "short", retryLimit: 8, retryDelay: 15, retryBackoff: true, expireInSeconds: 900 },
} as const satisfies Record<string, PgBoss.Queue>;

export type QueueName = keyof typeof QUEUES;

const globalForJobs = globalThis as unknown as { cutroomBoss?: Promise<PgBoss> };

async function startBoss(): Promise<PgBoss> {
  const handle = await databaseHandle();
  // Maintenance every 30 s: jobs left active by a process that died are expired and retried sooner.
  const common = { schema: "pgboss", schedule: false, supervise: true, migrate: true, maintenanceIntervalSeconds: 30 } as const;
  const boss =
    handle.jobs.kind === "postgres"
      ? new PgBoss({ ...common, connectionString: handle.jobs.url, max: 4, application_name: "cutroom-jobs" })
      : new PgBoss({ ...common, db: { executeSql: handle.jobs.executeSql as PgBoss.Db["executeSql"] } });
  boss.on("error", (error) => logger().error({ err: error }, "job engine error"));
  await boss.start();
  for (const queue of Object.values(QUEUES)) {
    // createQueue is idempotent; several instances starting together may race on it harmlessly.
    await boss.createQueue(queue.name, queue).catch((error: unknown) => {
      if (!String((error as Error).message).includes("already exists")) throw error;
    });
  }
  return boss;
}

/** The process's job engine, started on first use. */
export function jobEngine(): Promise<PgBoss> {
  globalForJobs.cutroomBoss ??= startBoss().catch((error: unknown) => {
    globalForJobs.cutroomBoss = undefined;
    throw error;
  });
  return globalForJobs.cutroomBoss;
}

export async function sendJob(queue: QueueName, data: Record<string, unknown>, options: PgBoss.SendOptions = {}): Promise<string | null> {
  return (await jobEngine()).send(QUEUES[queue].name, data, options);
}

/** Asks for a reconcile cycle as soon as possible (a webhook said a task finished). */
export async function requestReconcile(reason: string): Promise<void> {
  await sendJob("reconcile", { reason }, { singletonSeconds: 1 });
}

/** Stops the engine; with `graceful`, running jobs get `timeoutMs` to finish and the rest are released. */
export async function stopJobEngine(graceful: boolean, timeoutMs: number): Promise<void> {
  const pending = globalForJobs.cutroomBoss;
  globalForJobs.cutroomBoss = undefined;
  if (!pending) return;
  const boss = await pending.catch(() => null);
  await boss?.stop({ graceful, timeout: timeoutMs, wait: true, close: true });
}
