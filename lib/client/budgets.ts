"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AccessUpdate, LimitsUpdate, ModelAccessView, ProviderBudgetView } from "@/lib/shared/budgets";
import type { ProviderId } from "@/lib/shared/catalog";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// The admin Budgets page: each provider's limits and spend, and which models members may use.

export function useBudgets() {
  return useQuery({
    queryKey: queryKeys.admin.budgets,
    queryFn: () => apiFetch<{ providers: ProviderBudgetView[] }>("/api/admin/budgets").then((body) => body.providers),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
  });
}

export function useSaveLimits(provider: ProviderId) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: LimitsUpdate) =>
      apiFetch<{ providers: ProviderBudgetView[] }>(`/api/admin/budgets/${provider}`, { method: "PUT", json: update }),
    onSuccess: (body) => {
      client.setQueryData(queryKeys.admin.budgets, body.providers);
      // What members see next to the price has moved.
      void client.invalidateQueries({ queryKey: ["quote"] });
    },
  });
}

export function useModelAccess() {
  return useQuery({
    queryKey: queryKeys.admin.access,
    queryFn: () => apiFetch<{ access: ModelAccessView }>("/api/admin/access").then((body) => body.access),
  });
}

export function useSaveAccess() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: AccessUpdate) => apiFetch<{ access: ModelAccessView }>("/api/admin/access", { method: "PUT", json: update }),
    onSuccess: (body) => {
      client.setQueryData(queryKeys.admin.access, body.access);
      void client.invalidateQueries({ queryKey: queryKeys.models });
    },
  });
}
