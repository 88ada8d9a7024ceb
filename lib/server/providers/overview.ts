import "server-only";
import type { Db } from "../db";
import { providerHealth } from "./gate";
import { PROVIDERS, getProvider, isSandboxed } from "./registry";
import type { ProviderId } from "@/lib/shared/catalog";
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

export async function providerOverviews(db: Db): Promise<ProviderOverview[]> {
  return Promise.all(
    PROVIDERS.map(async ({ id, label, settings, modelImport }) => ({
      id,
      label,
      mode: isSandboxed(id) ? ("sandbox" as const) : ("live" as const),
      health: await providerHealth(db, id),
      queryBudgetPerMinute: settings().queryBudgetPerMinute,
      importsModels: Boolean(modelImport),
      account: await accountOf(id),
      checkedAt: new Date().toISOString(),
    })),
  );
}
