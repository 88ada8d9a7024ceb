"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { ProviderStatus } from "@/lib/shared/providers";

export const providerStatusQuery = queryOptions({
  queryKey: queryKeys.providerStatus,
  queryFn: () => apiFetch<{ providers: ProviderStatus[] }>("/api/providers/status").then((body) => body.providers),
  // Read when Generate opens, again when its tab comes back into focus (react-query's default) and
  // after a create the provider refused or failed (useCreateTask). Not on a timer: a Generate page
  // left open and idle asks the API nothing (the UI budgets, docs/BENCHMARKS.md); a provider that
  // starts failing meanwhile is said so by the create itself, and the banner follows.
  staleTime: 15_000,
});

/** Whether the providers are working, for the banner on Generate. */
export function useProviderStatus() {
  return useQuery(providerStatusQuery);
}
