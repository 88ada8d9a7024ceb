import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db";
import { tasks } from "../db/schema";
import { AppError } from "../errors";
import { readBodyWithLimit } from "../http/read-limited";
import { logger } from "../logger";
import type { ProviderDescriptor, SignedWebhook } from "../providers/descriptor";
import { isSandboxed, sandboxApiKey } from "../providers/registry";
import { acceptDelivery, MAX_WEBHOOK_BYTES, type WebhookReceipt } from "./receive";
import { recordRefusal } from "./refusals";

// Deliveries a provider signs and sends to one endpoint (skills.video's dashboard webhook). Size
// first, then the signature on the raw body (the provider's own check, from its descriptor), then
// the body: forged, stale, replayed-outside-the-window, oversized and malformed deliveries are
// refused before anything is written. The provider's message id is the key duplicates share.

export async function receiveSignedWebhook(
  db: Db,
  descriptor: Pick<ProviderDescriptor, "id" | "label"> & { webhook: SignedWebhook },
  request: Request,
): Promise<WebhookReceipt | { outcome: "ignored" }> {
  const provider = descriptor.id;
  // Counted, and logged in aggregate (refusals.ts): a burst of forgeries is not a line each.
  const refuse = (reason: string, error: AppError): never => {
    recordRefusal({ provider, taskId: null, reason });
    throw error;
  };
  let raw: Buffer;
  try {
    raw = await readBodyWithLimit(request, MAX_WEBHOOK_BYTES, "The delivery is too large.");
  } catch (error) {
    return refuse("The body is too large.", error instanceof AppError ? error : new AppError("BAD_REQUEST", "The delivery is too large."));
  }
  const secrets = descriptor.webhook.secrets({ sandbox: isSandboxed(provider), sandboxApiKey });
  if (secrets.length === 0) {
    return refuse(
      "No signing secret is configured.",
      new AppError("UNAUTHENTICATED", `No signing secret is configured for ${descriptor.label} webhooks.`),
    );
  }
  const payload = raw.toString("utf8");
  const verified = descriptor.webhook.verify(payload, request.headers, secrets);
  if (!verified.ok) return refuse(verified.reason, new AppError("UNAUTHENTICATED", `Delivery refused: ${verified.reason}`));

  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return refuse("The body is not JSON.", new AppError("BAD_REQUEST", "Delivery refused: the body is not JSON."));
  }
  const hint = descriptor.webhook.parse(json);
  if (!hint?.providerTaskId || !hint.status) {
    return refuse("The body names no task state.", new AppError("BAD_REQUEST", "Delivery refused: no task state."));
  }

  // Signed by the provider, but it may be about a task of the account Cutroom did not create.
  const [task] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.provider, provider), eq(tasks.providerTaskId, hint.providerTaskId)))
    .limit(1);
  if (!task) {
    logger().info({ event: "webhook_ignored", provider }, "a signed delivery for a task Cutroom does not track");
    return { outcome: "ignored" };
  }
  return acceptDelivery(db, task, provider, { status: hint.status, dedupeKey: `${provider}:msg:${verified.messageId}` });
}
