import "server-only";
import type { RefusalView } from "@/lib/shared/webhooks";

// Refused deliveries (bad token, unknown task, malformed body) are never written to the database:
// a forger must not be able to fill it. The webhook inbox still shows the latest few, from this
// bounded in-memory list, per server process and only since it started.

const LIMIT = 50;
const globalForRefusals = globalThis as unknown as { cutroomWebhookRefusals?: RefusalView[] };

function list(): RefusalView[] {
  return (globalForRefusals.cutroomWebhookRefusals ??= []);
}

export function recordRefusal(refusal: Omit<RefusalView, "at">): void {
  const refusals = list();
  refusals.unshift({ at: new Date().toISOString(), ...refusal });
  if (refusals.length > LIMIT) refusals.length = LIMIT;
}

export function recentRefusals(): RefusalView[] {
  return [...list()];
}
