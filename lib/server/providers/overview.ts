import "server-only";
import type { Db } from "../db";
import { env } from "../env";
import { providerHealth } from "./gate";
import { getProvider, isSandboxed } from "./registry";
import { PROVIDER_IDS, PROVIDER_LABELS, type ProviderId } from "@/lib/shared/catalog";
import type { ProviderOverview } from "@/lib/shared/providers";

// The account call is the provider's "doctor" endpoint; an admin page opened often should not hit it
// every time, so its answer is kept for a minute (per instance: it is only a view).
const ACCOUNT_TTL_MS = 60_000;
const globalForAccounts = globalThis as unknown as {
  cutroomAccounts?: Map<ProviderId, { at: number; value: ProviderOverview["account"] }>;
};

async function accountOf(id: ProviderId): Promise<ProviderOverview["account"]> {
  const cache = (globalForAccounts.cutroomAccounts ??= new Map());
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < ACCOUNT_TTL_MS) return hit.value;
  const result = await getProvider(id).account();
  const value = result.ok ? result.data : { error: result.errorMessage };
  cache.set(id, { at: Date.now(), value });
  return value;
}

/** Each provider's own budget of status calls a minute (shared by every instance). */
export function queryBudgetOf(id: ProviderId): number {
  switch (id) {
    case "aivideomaker":
      return env().AIVIDEO_QUERY_BUDGET;
    case "skills-video":
      return env().SKILLS_VIDEO_QUERY_BUDGET;
    case "apidot":
      return env().APIDOT_QUERY_BUDGET;
  }
}

export async function providerOverviews(db: Db): Promise<ProviderOverview[]> {
  return Promise.all(
    PROVIDER_IDS.map(async (id) => ({
      id,
      label: PROVIDER_LABELS[id],
      mode: isSandboxed(id) ? ("sandbox" as const) : ("live" as const),
      health: await providerHealth(db, id),
      queryBudgetPerMinute: queryBudgetOf(id),
      account: await accountOf(id),
      checkedAt: new Date().toISOString(),
    })),
  );
}
