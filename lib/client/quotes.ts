"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { CreateTaskBody, QuoteView } from "@/lib/shared/tasks-api";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

/**
 * The provider's price for a request. `signature` holds only what changes the price (model and the
 * fields the formulas use), so typing a prompt does not ask the provider again.
 */
export function useQuote(body: CreateTaskBody | null, signature: string) {
  return useQuery({
    queryKey: queryKeys.quote(signature),
    queryFn: () => apiFetch<{ quote: QuoteView }>("/api/quotes", { method: "POST", json: body }).then((result) => result.quote),
    enabled: body !== null,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}
