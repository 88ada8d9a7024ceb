import type { ProviderId } from "./catalog/ids";

// What the admin Providers page shows, as the API sends it.

export type ProviderHealth = {
  /** degraded: the breaker paused calls; failing: new tasks keep failing (reads may still work). */
  status: "ok" | "degraded" | "failing" | "paused";
  /** Set while creates keep failing: how many in a row, the last error and when. */
  failingCreates: { count: number; lastError: string | null; lastAt: string } | null;
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

/** What Generate shows about a provider (every teammate may see it). */
export type ProviderStatus = { id: ProviderId; label: string; status: ProviderHealth["status"]; message: string | null };
