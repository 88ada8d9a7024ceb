import "server-only";
import type { Db } from "../db";
import { accountOf } from "./account";
import { providerHealth } from "./gate";
import { PROVIDERS, getProvider, isSandboxed } from "./registry";
import type { ProviderOverview } from "@/lib/shared/providers";

export async function providerOverviews(db: Db): Promise<ProviderOverview[]> {
  return Promise.all(
    PROVIDERS.map(async ({ id, label, settings, modelImport }) => ({
      id,
      label,
      mode: isSandboxed(id) ? ("sandbox" as const) : ("live" as const),
      health: await providerHealth(db, id),
      queryBudgetPerMinute: settings().queryBudgetPerMinute,
      importsModels: Boolean(modelImport),
      // Kept for a minute (account.ts): an admin page opened often does not call the provider each time.
      account: await accountOf(getProvider(id)),
      checkedAt: new Date().toISOString(),
    })),
  );
}
