import "server-only";
import type PgBoss from "pg-boss";
import { databaseHandle, db } from "../db";
import { env } from "../env";
import { logger } from "../logger";
import { PROVIDERS, getProvider } from "../providers/registry";
import { archiveTask } from "../tasks/archive";
import { expireApprovals } from "../budgets/approvals";
import { recordBalance } from "../budgets/reconciliation";
import { deliverDueAlerts } from "../budgets/alerts";
import { reconcileProvider } from "../tasks/reconcile";
import { processStaleDeliveries, processWebhookDelivery } from "../webhooks/process";
import { QUEUES, jobEngine, sendJob } from "./engine";

// The job handlers. Any process with background work on takes jobs; the schedule below only sends
// reconcile jobs, one per time slot across every instance, and a lock makes sure one cycle runs at
// a time on the whole database.

const RECONCILE_LOCK = 728_190_003;

/** Runs one reconcile cycle for every provider, unless another process is running one right now. */
export async function reconcileAll(): Promise<void> {
  const handle = await databaseHandle();
  await handle.exclusively(RECONCILE_LOCK, async () => {
    await processStaleDeliveries(handle.db);
    await deliverDueAlerts(handle.db);
    const approvalsExpired = await expireApprovals(handle.db);
    if (approvalsExpired) logger().info({ event: "approvals_expired", count: approvalsExpired }, "tasks waited too long for approval");
    for (const { id } of PROVIDERS) {
      const provider = getProvider(id);
      const report = await reconcileProvider(handle.db, provider, { submitRetryAfterMs: provider.submitWindowMs });
      if (report.updated || report.resubmitted || report.adopted || report.expired || report.recovered || report.errors) {
        logger().info({ event: "reconciled", provider: id, ...report }, "reconciled tasks");
      }
      // The balance, every few minutes, for reconciliation against the ledger (a read that fails is skipped).
      await recordBalance(handle.db, provider).catch((error: unknown) =>
        logger().warn({ event: "balance_read_failed", provider: id, err: error }, "could not note the provider's balance"),
      );
    }
  });
}

/** Runs every job of a batch; a failure fails the batch (so pg-boss retries it), after the rest ran. */
async function eachJob<T>(jobs: PgBoss.Job<T>[], run: (data: T) => Promise<unknown>): Promise<void> {
  let failure: unknown;
  for (const job of jobs) {
    try {
      await run(job.data);
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
}

export async function startWorkers(): Promise<() => void> {
  const boss = await jobEngine();
  const config = env();
  await boss.work(QUEUES.reconcile.name, { pollingIntervalSeconds: 0.5, batchSize: 1 }, () => reconcileAll());
  // Handlers are idempotent (a processed delivery or an archived task is skipped), so a batch retry is safe.
  await boss.work<{ deliveryId: string }>(QUEUES.webhook.name, { pollingIntervalSeconds: 0.5, batchSize: 50 }, async (jobs) =>
    eachJob(jobs, async ({ deliveryId }) => processWebhookDelivery(await db(), deliveryId)),
  );
  await boss.work<{ taskId: string }>(QUEUES.archive.name, { pollingIntervalSeconds: 2, batchSize: 1 }, async (jobs) =>
    eachJob(jobs, async ({ taskId }) => archiveTask(await db(), taskId)),
  );

  // Each instance asks for a cycle every interval; the time slot keeps it to one per interval in all.
  const slotSeconds = Math.max(1, Math.round(config.RECONCILE_INTERVAL_MS / 1000));
  const schedule = () =>
    sendJob("reconcile", { reason: "schedule" }, { singletonSeconds: slotSeconds }).catch((error: unknown) =>
      logger().error({ err: error }, "could not schedule a reconcile cycle"),
    );
  void schedule();
  const timer = setInterval(schedule, Math.max(500, config.RECONCILE_INTERVAL_MS / 2));
  return () => clearInterval(timer);
}
