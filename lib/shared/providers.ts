import type { ProviderId } from "./catalog/ids";

// What the admin Providers page shows, as the API sends it.

export type ProviderHealth = {
  status: "ok" | "degraded" | "paused";
  breakerOpenUntil: string | null;
  pausedUntil: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  queryCallsLastMinute: number;
};

export type ProviderOverview = {
  id: ProviderId;
  label: string;
  mode: "sandbox" | "live";
  health: ProviderHealth;
  queryBudgetPerMinute: number;
  /** Its models can be added from its openapi.json (Admin > Providers). */
  importsModels: boolean;
  account: { balance: number | null; supportedModels: string[] | null } | { error: string };
  checkedAt: string;
};
