import "server-only";
import type { Db } from "../db";
import { keepUnlinked, taskByProviderTaskId } from "../db/queries/unlinked";
import { AppError } from "../errors";
import { readBodyWithLimit } from "../http/read-limited";
import { logger } from "../logger";
import type { ProviderDescriptor, SignedWebhook } from "../providers/descriptor";
import { getProvider, isSandboxed, sandboxApiKey } from "../providers/registry";
import { adoptableByKey, adoptProviderTask } from "../tasks/adopt";
import { acceptDelivery, MAX_WEBHOOK_BYTES, type WebhookReceipt } from "./receive";
import { recordRefusal } from "./refusals";

// Deliveries a provider signs and sends to one endpoint (skills.video's dashboard webhook). Size
// first, then the signature on the raw body (the provider's own check, from its descriptor), then
// the body: forged, stale, replayed-outside-the-window, oversized and malformed deliveries are
// refused before anything is written. The provider's message id is the key duplicates share. A
// delivery about a provider task no task of ours is linked to is kept (webhooks/unlinked.ts).

export async function receiveSignedWebhook(
  db: Db,
  descriptor: Pick<ProviderDescriptor, "id" | "label"> & { webhook: SignedWebhook },
  request: Request,
): Promise<WebhookReceipt | { outcome: "kept" }> {
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
  const task = await taskByProviderTaskId(db, provider, hint.providerTaskId);
  const delivery = { status: hint.status, dedupeKey: `${provider}:msg:${verified.messageId}` };
  if (task) return acceptDelivery(db, task, provider, delivery);

  // No task of ours has that id. It may be one whose create answer was lost before it named the
  // task (tasks/adopt.ts): adopted at once if the body names it by our idempotency key, the one
  // safe match. Otherwise it is kept, not dropped, for the reconciler and the admin's inbox.
  const sandbox = isSandboxed(provider);
  const owner = hint.idempotencyKey ? await adoptableByKey(db, { provider, sandbox, idempotencyKey: hint.idempotencyKey }) : undefined;
  const adopted = owner
    ? await adoptProviderTask(
        db,
        owner,
        { providerTaskId: hint.providerTaskId, providerStatus: hint.status },
        { source: "webhook", how: "a signed webhook named it by the create's idempotency key" },
      )
    : undefined;
  if (adopted) return acceptDelivery(db, adopted, provider, delivery);
  const state = getProvider(provider).mapStatus(hint.status);
  const hintRank = state === null || state === "pending" ? 0 : state === "queued" ? 1 : state === "running" ? 2 : 3;
  await keepUnlinked(db, { provider, sandbox, providerTaskId: hint.providerTaskId, statusHint: hint.status, hintRank });
  logger().info({ event: "webhook_unlinked", provider }, "a signed delivery for a task Cutroom has not linked; kept");
  return { outcome: "kept" };
}
