"use client";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";
import type { ProviderStatus } from "@/lib/shared/providers";

export const providerStatusQuery = queryOptions({
  queryKey: queryKeys.providerStatus,
  queryFn: () => apiFetch<{ providers: ProviderStatus[] }>("/api/providers/status").then((body) => body.providers),
  // Checked now and then while Generate is open (never from a hidden tab: react-query's default).
  refetchInterval: 30_000,
  staleTime: 15_000,
});

/** Whether the providers are working, for the banner on Generate. */
export function useProviderStatus() {
  return useQuery(providerStatusQuery);
}
