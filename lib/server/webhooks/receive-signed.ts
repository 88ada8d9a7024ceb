import "server-only";
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import type { Db } from "../db";
import { tasks } from "../db/schema";
import { env } from "../env";
import { AppError } from "../errors";
import { readBodyWithLimit } from "../http/read-limited";
import { logger } from "../logger";
import { isSandboxed, sandboxApiKey } from "../providers/registry";
import { acceptDelivery, MAX_WEBHOOK_BYTES, type WebhookReceipt } from "./receive";
import { recordRefusal } from "./refusals";

// skills.video's webhooks: one endpoint per workspace (set in its dashboard), signed the Standard
// Webhooks way. The signature is checked with the standardwebhooks library against the raw body
// (HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}", a 5-minute timestamp tolerance, any
// of several space-separated signatures, which is how a sender signs during a secret rotation).
// Several secrets may be configured too (space-separated), for a rotation on Cutroom's side.
// Forged, stale, replayed-outside-the-window, oversized and malformed deliveries are refused
// before anything is written; `webhook-id` is the idempotency key of what is stored.

const PROVIDER = "skills-video";

// The body's shape is unpublished beyond "prediction.state and prediction.status": both a wrapped
// ({data: {prediction}}) and a top-level prediction are read.
const predictionSchema = z.looseObject({
  id: z.string().min(1).max(200),
  state: z.string().min(1).max(40).optional(),
  status: z.string().max(40).optional(),
});
const bodySchema = z
  .looseObject({
    type: z.string().max(80).optional(),
    prediction: predictionSchema.optional(),
    data: z.looseObject({ prediction: predictionSchema.optional() }).optional(),
  })
  .transform((body) => ({ type: body.type ?? null, prediction: body.data?.prediction ?? body.prediction ?? null }));

/** The endpoint's signing secrets: SKILLS_VIDEO_WEBHOOK_SECRET, or the sandbox's own. */
export function skillsVideoWebhookSecrets(): string[] {
  const configured = env().SKILLS_VIDEO_WEBHOOK_SECRET;
  if (configured) return configured.split(/\s+/).filter(Boolean);
  if (isSandboxed(PROVIDER)) return [sandboxWebhookSecret()];
  return [];
}

/** The sandbox signs with a secret derived from its key, so nothing else needs configuring. */
export function sandboxWebhookSecret(): string {
  return `whsec_${createHash("sha256").update(`skills-video-webhook:${sandboxApiKey()}`).digest("base64")}`;
}

export async function receiveSkillsVideoWebhook(db: Db, request: Request): Promise<WebhookReceipt | { outcome: "ignored" }> {
  // Counted, and logged in aggregate (refusals.ts): a burst of forgeries is not a line each.
  const refuse = (reason: string, error: AppError): never => {
    recordRefusal({ provider: PROVIDER, taskId: null, reason });
    throw error;
  };
  let raw: Buffer;
  try {
    raw = await readBodyWithLimit(request, MAX_WEBHOOK_BYTES, "The delivery is too large.");
  } catch (error) {
    return refuse("The body is too large.", error instanceof AppError ? error : new AppError("BAD_REQUEST", "The delivery is too large."));
  }
  const secrets = skillsVideoWebhookSecrets();
  if (secrets.length === 0) {
    return refuse(
      "No signing secret is configured.",
      new AppError("UNAUTHENTICATED", "Set SKILLS_VIDEO_WEBHOOK_SECRET to receive skills.video webhooks."),
    );
  }
  const headers = {
    "webhook-id": request.headers.get("webhook-id") ?? "",
    "webhook-timestamp": request.headers.get("webhook-timestamp") ?? "",
    "webhook-signature": request.headers.get("webhook-signature") ?? "",
  };
  if (!headers["webhook-id"] || !headers["webhook-timestamp"] || !headers["webhook-signature"]) {
    return refuse("Signature headers are missing.", new AppError("UNAUTHENTICATED", "The delivery is not signed."));
  }
  const payload = raw.toString("utf8");
  let verified = false;
  let why = "The signature does not match.";
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(payload, headers);
      verified = true;
      break;
    } catch (error) {
      if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message))
        why = "The timestamp is outside the 5-minute window.";
    }
  }
  if (!verified) return refuse(why, new AppError("UNAUTHENTICATED", `Delivery refused: ${why}`));

  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return refuse("The body is not JSON.", new AppError("BAD_REQUEST", "Delivery refused: the body is not JSON."));
  }
  const body = bodySchema.safeParse(json);
  const prediction = body.success ? body.data.prediction : null;
  const state = prediction?.state ?? prediction?.status;
  if (!prediction || !state)
    return refuse("The body names no prediction state.", new AppError("BAD_REQUEST", "Delivery refused: no prediction state."));

  // Signed by the provider, but it may be about a task of the workspace Cutroom did not create.
  const [task] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.provider, PROVIDER), eq(tasks.providerTaskId, prediction.id)))
    .limit(1);
  if (!task) {
    logger().info({ event: "webhook_ignored", provider: PROVIDER }, "a signed delivery for a task Cutroom does not track");
    return { outcome: "ignored" };
  }
  return acceptDelivery(db, task, PROVIDER, { status: state, dedupeKey: `${PROVIDER}:msg:${headers["webhook-id"].slice(0, 200)}` });
}
