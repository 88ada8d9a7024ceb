import "server-only";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../db";
import { findTask, updateTask } from "../db/queries/tasks";
import { webhookDeliveries } from "../db/schema";
import { requestReconcile } from "../jobs/engine";
import { getProvider } from "../providers/registry";
import { canMove, transition } from "../tasks/state-machine";
import { isTerminal } from "@/lib/shared/tasks";
import type { ProviderId } from "@/lib/shared/catalog";

// Applies one accepted webhook delivery. A callback is a hint: a step forward that is not final
// (queued, running) is applied through the state machine; a final one makes the reconciler ask the
// provider, whose own answer is what finishes the task. Late and repeated hints change nothing.

async function settle(db: Db, deliveryId: string, note: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ processedAt: new Date(), reason: note })
    .where(and(eq(webhookDeliveries.id, deliveryId), isNull(webhookDeliveries.processedAt)));
}

export async function processWebhookDelivery(db: Db, deliveryId: string): Promise<void> {
  const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  if (!delivery || delivery.outcome !== "accepted" || delivery.processedAt) return;
  const task = await findTask(db, delivery.taskId);
  if (!task || isTerminal(task.state)) return settle(db, deliveryId, "The task had already finished.");
  const state = delivery.statusHint ? getProvider(task.provider as ProviderId).mapStatus(delivery.statusHint) : null;
  if (!state) return settle(db, deliveryId, "Unknown status; left to the reconciler.");
  if (isTerminal(state)) {
    // The next cycle asks the provider about this task, even one it would otherwise leave to the callback.
    await updateTask(db, task.id, { lastCheckedAt: null });
    await requestReconcile("webhook");
    return settle(db, deliveryId, "Final status: the reconciler confirms it with the provider.");
  }
  if (!task.providerTaskId || !canMove(task.state, state)) return settle(db, deliveryId, "Nothing newer than what Cutroom knows.");
  await transition(db, task.id, state, {
    source: "webhook",
    message: state === "running" ? "The provider started generating." : "Queued at the provider.",
    patch: { providerStatus: delivery.statusHint },
  });
  return settle(db, deliveryId, "Applied.");
}

/** Accepted deliveries nobody processed (their job was never queued): handled by the reconciler. */
export async function processStaleDeliveries(db: Db, olderThanSeconds = 120): Promise<number> {
  const stale = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.outcome, "accepted"),
        isNull(webhookDeliveries.processedAt),
        lt(webhookDeliveries.receivedAt, sql`now() - make_interval(secs => ${olderThanSeconds})`),
      ),
    )
    .limit(100);
  for (const { id } of stale) await processWebhookDelivery(db, id);
  return stale.length;
}
