import "server-only";
import { Webhook } from "standardwebhooks";
import type { SandboxDb as Db } from "../db";
import * as store from "./store";
import { WEBHOOK_EVENT } from "./wire";

// The skills.video sandbox's clock: generations move when their time comes, and the webhooks they
// owe go to the dashboard endpoint, signed the Standard Webhooks way.

export type WebhookEndpoint = { url: string; secret: string };

export async function tickSkillsVideo(
  db: Db,
  plan: store.WebhookPlanner,
  endpoint: WebhookEndpoint | undefined,
  timeoutMs: number,
): Promise<void> {
  await store.advanceDueGenerations(db, new Date(), plan);
  const due = await store.dueWebhooks(db, new Date());
  if (due.length === 0) return;
  // All at once, so duplicates really arrive together.
  const results = await Promise.all(due.map((delivery) => (endpoint ? send(delivery, endpoint, timeoutMs) : true)));
  await store.settleWebhooks(
    db,
    due.filter((_, index) => results[index]).map((delivery) => delivery.id),
    due.filter((_, index) => !results[index]).map((delivery) => ({ id: delivery.id, attempts: delivery.attempts })),
    new Date(),
  );
}

async function send(delivery: store.DueWebhook, endpoint: WebhookEndpoint, timeoutMs: number): Promise<boolean> {
  const { generation } = delivery;
  const event = WEBHOOK_EVENT[delivery.status];
  const payload = JSON.stringify({
    type: event.type,
    timestamp: new Date().toISOString(),
    data: { prediction: { id: generation.id, model: generation.model, state: event.state, status: delivery.status } },
  });
  const sentAt = new Date();
  const signature = new Webhook(endpoint.secret).sign(delivery.messageId, sentAt, payload);
  try {
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": delivery.messageId,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body: payload,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    return response.ok;
  } catch {
    return false;
  }
}
