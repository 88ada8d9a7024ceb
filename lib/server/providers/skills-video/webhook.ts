import "server-only";
import { createHash } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { z } from "zod";
import type { SignedWebhook } from "../descriptor";
import { skillsVideoSettings } from "./settings";
import { echoedKeyOf } from "./wire";

// skills.video's webhooks: one endpoint per workspace (set in its dashboard), signed the Standard
// Webhooks way (docs/provider-contracts.md §2.8). The signature is checked with the standardwebhooks
// library against the raw body (HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}", a 5-minute
// timestamp tolerance, any of several space-separated signatures, which is how a sender signs during
// a secret rotation). Several secrets may be configured too, for a rotation on Cutroom's side.

// The body's shape is unpublished beyond "prediction.state and prediction.status": both a wrapped
// ({data: {prediction}}) and a top-level prediction are read.
const predictionSchema = z.looseObject({
  id: z.string().min(1).max(200),
  state: z.string().min(1).max(40).optional(),
  status: z.string().max(40).optional(),
});
const bodySchema = z.looseObject({
  type: z.string().max(80).optional(),
  prediction: predictionSchema.optional(),
  data: z.looseObject({ prediction: predictionSchema.optional() }).optional(),
});

/** The sandbox signs with a secret derived from its key, so nothing else needs configuring. */
export function sandboxWebhookSecret(sandboxApiKey: string): string {
  return `whsec_${createHash("sha256").update(`skills-video-webhook:${sandboxApiKey}`).digest("base64")}`;
}

export const skillsVideoWebhook: SignedWebhook = {
  kind: "signed",

  secrets(mode) {
    const configured = skillsVideoSettings().webhookSecrets;
    if (configured.length > 0) return configured;
    return mode.sandbox ? [sandboxWebhookSecret(mode.sandboxApiKey())] : [];
  },

  verify(payload, headers, secrets) {
    const signed = {
      "webhook-id": headers.get("webhook-id") ?? "",
      "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
      "webhook-signature": headers.get("webhook-signature") ?? "",
    };
    if (!signed["webhook-id"] || !signed["webhook-timestamp"] || !signed["webhook-signature"]) {
      return { ok: false, reason: "Signature headers are missing." };
    }
    let reason = "The signature does not match.";
    for (const secret of secrets) {
      try {
        new Webhook(secret).verify(payload, signed);
        return { ok: true, messageId: signed["webhook-id"].slice(0, 200) };
      } catch (error) {
        if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message)) {
          reason = "The timestamp is outside the 5-minute window.";
        }
      }
    }
    return { ok: false, reason };
  },

  parse(body) {
    const parsed = bodySchema.safeParse(body);
    const prediction = parsed.success ? (parsed.data.data?.prediction ?? parsed.data.prediction ?? null) : null;
    const status = prediction?.state ?? prediction?.status ?? null;
    if (!prediction || !status) return null;
    // Whether a delivery carries our create's key back is unpublished: read where it would be.
    const idempotencyKey = echoedKeyOf(prediction) ?? echoedKeyOf(parsed.data?.data) ?? echoedKeyOf(parsed.data);
    return { providerTaskId: prediction.id, status, ...(idempotencyKey ? { idempotencyKey } : {}) };
  },
};
