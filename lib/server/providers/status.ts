import "server-only";
import type { Db } from "../db";
import { providerHealth } from "./gate";
import { PROVIDERS } from "./registry";
import type { ProviderStatus } from "@/lib/shared/providers";

// What every teammate may know about the providers: whether each is working, in words, so Generate
// can say so before anyone starts a task that will sit waiting. No keys, budgets or balances.

function messageFor(label: string, health: Awaited<ReturnType<typeof providerHealth>>): string | null {
  if (health.status === "failing" && health.failingCreates) {
    const why = health.failingCreates.lastError ? ` (${health.failingCreates.lastError})` : "";
    return `${label} is failing: the last ${health.failingCreates.count} new tasks could not be sent${why}. Tasks you start now may wait or fail; Cutroom keeps trying.`;
  }
  if (health.status === "degraded")
    return `${label} failed repeatedly, so Cutroom has paused calls to it for a moment. New tasks wait until it answers again.`;
  if (health.status === "paused") return `${label} asked Cutroom to slow down. New tasks may take a little longer to start.`;
  return null;
}

export async function providerStatuses(db: Db): Promise<ProviderStatus[]> {
  return Promise.all(
    PROVIDERS.map(async ({ id, label }) => {
      const health = await providerHealth(db, id);
      return { id, label, status: health.status, message: messageFor(label, health) };
    }),
  );
}
