import "server-only";
import { db } from "./db";
import { env } from "./env";
import { stopJobEngine } from "./jobs/engine";
import { startWorkers } from "./jobs/workers";
import { logger } from "./logger";
import { hostedSandboxes } from "./providers/sandbox-host";
import { sweepOrphanFiles } from "./storage/orphans";
import { purgeDeletedFiles } from "./tasks/delete-task";
import { applyRetention } from "./tasks/retention";
import { sweepSessions } from "./auth/sessions";
import { sweepCounters } from "./limits/counter";
import { stopFollowing } from "./tasks/follow";

// What runs in the background of a Cutroom process: the job workers (reconciler, webhooks,
// archives) when background work is on, the sandbox's clock wherever the sandbox is served, and
// the sweep of orphaned stored files in every process.

type Stopper = () => void | Promise<void>;

function every(name: string, intervalMs: number, work: () => Promise<void>): Stopper {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = work()
      .catch((error: unknown) => logger().error({ loop: name, err: error }, "background loop failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  timer = setTimeout(run, Math.min(intervalMs, 1000));
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

const globalForBackground = globalThis as unknown as { cutroomStoppers?: Stopper[] };

/** The sandboxes' clocks: move sandbox tasks along and send their webhooks. */
export function startSandboxClock(): void {
  for (const { id, sandbox } of hostedSandboxes()) {
    (globalForBackground.cutroomStoppers ??= []).push(every(`sandbox-${id}`, 1000, async () => void (await sandbox.tick())));
  }
}

const SWEEP_INTERVAL_MS = 60 * 60_000;

/**
 * Removes stored files no row refers to (left by a crash), ended sessions and rate counters whose
 * window has long passed: a second after start-up, then hourly. It runs in every process, web or
 * worker, background work on or off: each may have written files into its DATA_DIR, and several
 * sweeping one shared disk or database only remove the same things.
 */
export function startStorageSweep(): void {
  const sweep = async () => {
    const database = await db();
    await sweepOrphanFiles(database);
    // The retention rule (when an admin set one) deletes what is due; what it deletes then waits
    // out the same grace period as a person's delete.
    await applyRetention(database);
    // Deleted outputs whose grace period is over lose their files (one claim per task, so any
    // number of processes may sweep).
    await purgeDeletedFiles(database);
    await sweepSessions(database);
    // The longest window in use is an hour; a day keeps every count that can still matter.
    await sweepCounters(database, new Date(Date.now() - 86_400_000));
  };
  (globalForBackground.cutroomStoppers ??= []).push(every("storage-sweep", SWEEP_INTERVAL_MS, sweep));
}

export async function startBackgroundWork(): Promise<void> {
  const stopSchedule = await startWorkers();
  (globalForBackground.cutroomStoppers ??= []).push(stopSchedule);
  logger().info({ event: "background_started", intervalMs: env().RECONCILE_INTERVAL_MS }, "background work started");
}

/** Stops taking work; jobs already running get `graceMs` to finish, the rest are released for retry. */
export async function stopBackgroundWork(graceMs: number): Promise<void> {
  // Live streams are let go: the reconciler (here or in another instance) follows their tasks.
  stopFollowing();
  await stopBackgroundLoops();
  await stopJobEngine(true, graceMs);
}

/** Stops the timers (sandbox clocks, the job schedule, the sweep), waiting for a running turn. */
export async function stopBackgroundLoops(): Promise<void> {
  const stoppers = globalForBackground.cutroomStoppers ?? [];
  globalForBackground.cutroomStoppers = undefined;
  await Promise.all(stoppers.map((stop) => stop()));
}
