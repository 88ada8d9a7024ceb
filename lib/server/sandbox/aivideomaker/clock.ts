import "server-only";
import type { SandboxDb as Db } from "../db";
import * as store from "./store";
import { taskView } from "./wire";

// The sandbox's clock: tasks move when their time comes, and each status change owes a POST to the
// task's webhookUrl (planned into the outbox by outbox.ts, sent from here).

/** Applies due status changes and sends due webhooks. */
export async function tickAivideomaker(db: Db, plan: store.DeliveryPlanner, basePath: string, timeoutMs: number): Promise<void> {
  await store.advanceDueTasks(db, new Date(), plan);
  await deliverDueWebhooks(db, basePath, timeoutMs);
}

/**
 * Sends the webhook deliveries that are due, all at once (so duplicates really arrive together),
 * and settles them: delivered, or retried later with a growing delay.
 */
async function deliverDueWebhooks(db: Db, basePath: string, timeoutMs: number): Promise<number> {
  const due = await store.dueWebhooks(db, new Date());
  if (due.length === 0) return 0;
  const results = await Promise.all(
    due.map(async (delivery) => {
      try {
        const response = await fetch(delivery.task.webhookUrl!, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": "AIVideoMaker-Sandbox-Webhook" },
          body: JSON.stringify({ taskId: delivery.task.id, ...taskView(delivery.task, basePath, delivery.status) }),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "manual",
        });
        return response.ok;
      } catch {
        return false;
      }
    }),
  );
  await store.settleWebhooks(
    db,
    due.filter((_, index) => results[index]).map((delivery) => delivery.id),
    due.filter((_, index) => !results[index]).map((delivery) => ({ id: delivery.id, attempts: delivery.attempts })),
    new Date(),
  );
  return due.length;
}
