"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { UsageReport } from "@/lib/shared/usage";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

/** The Usage report for these filters (a query string); the previous one stays shown while the next loads. */
export function useUsage(filters: string) {
  return useQuery({
    queryKey: queryKeys.usage(filters),
    queryFn: () => apiFetch<{ usage: UsageReport }>(`/api/usage${filters ? `?${filters}` : ""}`).then((body) => body.usage),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
