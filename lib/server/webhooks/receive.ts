import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { ProviderDescriptor, TokenWebhook } from "../providers/descriptor";
import type { Db } from "../db";
import { findTask } from "../db/queries/tasks";
import { taskEvents, webhookDeliveries, type Task } from "../db/schema";
import { AppError, notFound } from "../errors";
import { readBodyWithLimit } from "../http/read-limited";
import { sendJob } from "../jobs/engine";
import { logger } from "../logger";
import { recordRefusal } from "./refusals";
import { metrics } from "../metrics/registry";
import { isValidWebhookToken } from "./token";

// A provider's callback for one task. Size first, then the task and its token, then the body: a
// forged, oversized, malformed or tampered delivery is refused before anything is written (it is
// counted, and logged in aggregate, without its URL or token). Only then is the delivery stored,
// deduplicated, put on the task's timeline and handed to a job; the answer goes back at once.

export const MAX_WEBHOOK_BYTES = 64 * 1024;

export type WebhookOutcome = "accepted" | "duplicate";
export type WebhookReceipt = { outcome: WebhookOutcome; deliveryId: string };

const MESSAGES: Record<WebhookOutcome, (status: string) => string> = {
  accepted: (status) => `Webhook received: ${status}.`,
  duplicate: (status) => `Webhook received again: ${status} (duplicate, ignored).`,
};

/**
 * Stores a delivery and its timeline event in one transaction. An accepted delivery must be the
 * first of its (task, status): if another got there first, nothing is written and false comes back.
 */
export async function storeDelivery(
  db: Db,
  task: Task,
  provider: string,
  delivery: { id: string; outcome: WebhookOutcome; status: string; dedupeKey?: string },
): Promise<boolean> {
  // By default one delivery per (task, status); signed providers dedupe by their message id.
  const dedupeKey = delivery.dedupeKey ?? `${provider}:${task.id}:${delivery.status.toUpperCase()}`;
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(webhookDeliveries)
      .values({ id: delivery.id, provider, taskId: task.id, statusHint: delivery.status, dedupeKey, outcome: delivery.outcome })
      .onConflictDoNothing({ target: webhookDeliveries.dedupeKey, where: sql`outcome = 'accepted'` })
      .returning({ id: webhookDeliveries.id });
    if (rows.length === 0) return false;
    await tx.insert(taskEvents).values({
      taskId: task.id,
      source: "webhook",
      kind: "webhook",
      message: MESSAGES[delivery.outcome](delivery.status),
      detail: { deliveryId: delivery.id, outcome: delivery.outcome },
    });
    return true;
  });
}

/** A callback to one task's URL, for a provider whose deliveries carry the task's token. */
export async function receiveTokenWebhook(
  db: Db,
  descriptor: Pick<ProviderDescriptor, "id"> & { webhook: TokenWebhook },
  taskId: string,
  token: string | null,
  request: Request,
): Promise<WebhookReceipt> {
  const provider = descriptor.id;
  // Counted, and logged in aggregate (refusals.ts): a burst of forgeries is not a line each.
  const refuse = (reason: string, error: unknown, knownTask: Task | null = null): never => {
    recordRefusal({ provider, taskId: knownTask?.id ?? null, reason });
    throw error;
  };
  let raw: Buffer;
  try {
    raw = await readBodyWithLimit(request, MAX_WEBHOOK_BYTES, "The delivery is too large.");
  } catch (error) {
    return refuse("The body is too large.", error);
  }
  const task = z.uuid().safeParse(taskId).success ? await findTask(db, taskId) : null;
  if (!task || task.provider !== provider) return refuse("No such task.", notFound("That task"));
  if (!isValidWebhookToken(taskId, token)) {
    return refuse("Bad token.", new AppError("UNAUTHENTICATED", "The delivery's token is not valid for this task."), task);
  }

  const reject = (reason: string): never => refuse(reason, new AppError("BAD_REQUEST", `Delivery refused: ${reason}`), task);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return reject("The body is not JSON.");
  }
  const hint = descriptor.webhook.parse(body);
  if (!hint?.status) return reject("The body names no status.");
  const { providerTaskId, status } = hint;
  if (providerTaskId && task.providerTaskId && providerTaskId !== task.providerTaskId) {
    return reject("It names a different provider task.");
  }

  return acceptDelivery(db, task, provider, { status });
}

/** Stores a verified delivery (or notes it as a duplicate) and hands it to a job. */
export async function acceptDelivery(
  db: Db,
  task: Task,
  provider: string,
  delivery: { status: string; dedupeKey?: string },
): Promise<WebhookReceipt> {
  const deliveryId = randomUUID();
  if (!(await storeDelivery(db, task, provider, { id: deliveryId, outcome: "accepted", ...delivery }))) {
    await storeDelivery(db, task, provider, { id: deliveryId, outcome: "duplicate", ...delivery });
    metrics().webhookDeliveries.inc({ provider, outcome: "duplicate" });
    return { outcome: "duplicate", deliveryId };
  }
  metrics().webhookDeliveries.inc({ provider, outcome: "accepted" });
  await sendJob("webhook", { deliveryId }).catch((error: unknown) => {
    // The delivery is stored; the reconciler's sweep processes it if the job never gets queued.
    logger().error({ event: "webhook_enqueue_failed", taskId: task.id, err: error }, "could not queue a webhook");
  });
  return { outcome: "accepted", deliveryId };
}
