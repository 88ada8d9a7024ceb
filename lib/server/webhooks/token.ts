import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { authSecret } from "../auth/secret";
import { env } from "../env";
import { descriptorOf, isSandboxed, selfUrl } from "../providers/registry";
import type { ProviderId } from "@/lib/shared/catalog";

// Each task's webhook URL carries a token only Cutroom can make: an HMAC of the task id under a key
// derived from the server secret. Nothing is stored, a resubmission rebuilds the same URL, and the
// receiver checks it in constant time.

function webhookKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret(), "cutroom", "webhook-token-v1", 32));
}

export function webhookToken(taskId: string): string {
  return createHmac("sha256", webhookKey()).update(taskId).digest("base64url");
}

export function isValidWebhookToken(taskId: string, token: string | null): boolean {
  if (!token) return false;
  const expected = Buffer.from(webhookToken(taskId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The URL a provider should call back for a task, when Cutroom knows one it can reach: its own
 * loopback address for the built-in sandbox, or APP_PUBLIC_URL for a real provider. Otherwise none,
 * and the reconciler alone keeps the task up to date.
 */
export function webhookUrlFor(provider: ProviderId, taskId: string): string | undefined {
  // Providers that sign their deliveries send them to one endpoint of their own, not per task.
  if (descriptorOf(provider).webhook.kind !== "token") return undefined;
  const base = isSandboxed(provider) ? selfUrl() : env().APP_PUBLIC_URL?.replace(/\/+$/, "");
  if (!base) return undefined;
  return `${base}/api/webhook/${provider}/${taskId}?token=${webhookToken(taskId)}`;
}
