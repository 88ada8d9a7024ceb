import "server-only";
import { logger } from "../logger";
import { metrics } from "../metrics/registry";
import { PROVIDER_LABELS, type ProviderId } from "@/lib/shared/catalog";
import type { RefusalView } from "@/lib/shared/webhooks";

// Refused deliveries (bad token, unknown task, malformed body) are never written to the database:
// a forger must not be able to fill it. They are counted here instead, per provider and reason, in
// memory (per server process, since it started), so a burst of them is a few counters and not a
// list that pushes anything out. The log gets the first refusal of a kind at once, then at most
// one line per kind per minute with how many followed: a burst of forgeries cannot flood it.

export const REFUSAL_LOG_INTERVAL_MS = 60_000;
/** Providers and reasons are fixed sets; the bound only guards against a mistake making them open. */
const MAX_KINDS = 100;

type Tally = {
  provider: string;
  reason: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
  taskId: string | null;
  /** Refusals since the last log line, while a quiet interval runs. */
  unlogged: number;
  quiet: NodeJS.Timeout | null;
};

const globalForRefusals = globalThis as unknown as { cutroomWebhookRefusals?: Map<string, Tally> };

function tallies(): Map<string, Tally> {
  return (globalForRefusals.cutroomWebhookRefusals ??= new Map());
}

function logRefusals(tally: Tally, count: number): void {
  // Provider and reason only: never the delivery's URL, token or body.
  logger().warn(
    { event: "webhook_rejected", provider: tally.provider, reason: tally.reason, count },
    count === 1 ? "webhook delivery refused" : "webhook deliveries refused",
  );
}

function startQuietInterval(tally: Tally): void {
  tally.quiet = setTimeout(() => {
    if (tally.unlogged === 0) {
      tally.quiet = null;
      return;
    }
    logRefusals(tally, tally.unlogged);
    tally.unlogged = 0;
    startQuietInterval(tally);
  }, REFUSAL_LOG_INTERVAL_MS);
  tally.quiet.unref?.();
}

/** Counts one refused delivery. `taskId` only when it names a task Cutroom has (shown as a link). */
export function recordRefusal(refusal: { provider: string; reason: string; taskId: string | null }): void {
  metrics().webhookDeliveries.inc({ provider: refusal.provider, outcome: "refused" });
  const all = tallies();
  const key = `${refusal.provider}\n${refusal.reason}`;
  const now = new Date();
  let tally = all.get(key);
  if (tally) {
    // Kept in the order they were last seen, so the kind seen longest ago is the one to drop.
    all.delete(key);
  } else {
    tally = { ...refusal, count: 0, firstAt: now, lastAt: now, unlogged: 0, quiet: null };
    if (all.size >= MAX_KINDS) drop(all, all.keys().next().value!);
  }
  all.set(key, tally);
  tally.count++;
  tally.lastAt = now;
  if (refusal.taskId) tally.taskId = refusal.taskId;
  if (tally.quiet) {
    tally.unlogged++;
    return;
  }
  logRefusals(tally, 1);
  startQuietInterval(tally);
}

function drop(all: Map<string, Tally>, key: string): void {
  const tally = all.get(key)!;
  if (tally.quiet) clearTimeout(tally.quiet);
  if (tally.unlogged > 0) logRefusals(tally, tally.unlogged);
  all.delete(key);
}

/** Refusals by provider and reason, the most recently seen first. */
export function recentRefusals(): RefusalView[] {
  return [...tallies().values()].reverse().map((tally) => ({
    provider: tally.provider,
    providerLabel: PROVIDER_LABELS[tally.provider as ProviderId] ?? tally.provider,
    reason: tally.reason,
    count: tally.count,
    firstAt: tally.firstAt.toISOString(),
    lastAt: tally.lastAt.toISOString(),
    taskId: tally.taskId,
  }));
}

/** Tests start from no refusals (and no pending log lines). */
export function forgetRefusalsForTests(): void {
  for (const key of [...tallies().keys()]) {
    const tally = tallies().get(key)!;
    if (tally.quiet) clearTimeout(tally.quiet);
    tallies().delete(key);
  }
}
