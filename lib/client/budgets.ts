"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AccessUpdate,
  AlertSettingsUpdate,
  AlertSettingsView,
  AlertView,
  ApprovalDecision,
  ApprovalRequest,
  ApprovalResult,
  LimitsUpdate,
  ModelAccessView,
  ProviderBudgetView,
} from "@/lib/shared/budgets";
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

/** Tasks waiting for approval; polled while the page is open and visible. */
export function useApprovals(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.admin.approvals,
    queryFn: () => apiFetch<{ items: ApprovalRequest[] }>("/api/admin/approvals").then((body) => body.items),
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
    enabled: options.enabled ?? true,
  });
}

export function useDecideApprovals() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (decision: ApprovalDecision) =>
      apiFetch<{ results: ApprovalResult[] }>("/api/admin/approvals", { method: "POST", json: decision }).then((body) => body.results),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: queryKeys.admin.approvals });
      void client.invalidateQueries({ queryKey: queryKeys.tasks.all });
      void client.invalidateQueries({ queryKey: queryKeys.admin.budgets });
    },
  });
}

type AlertsBody = { settings: AlertSettingsView; alerts: AlertView[] };

export function useAlerts() {
  return useQuery({
    queryKey: queryKeys.admin.alerts,
    queryFn: () => apiFetch<AlertsBody>("/api/admin/alerts"),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
  });
}

export function useSaveAlerts() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (update: AlertSettingsUpdate) => apiFetch<AlertsBody>("/api/admin/alerts", { method: "PUT", json: update }),
    onSuccess: (body) => client.setQueryData(queryKeys.admin.alerts, body),
  });
}

export function useTestAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ outcome: string; alerts: AlertView[] }>("/api/admin/alerts/test", { method: "POST" }),
    onSuccess: (body) =>
      client.setQueryData<AlertsBody>(queryKeys.admin.alerts, (current) => (current ? { ...current, alerts: body.alerts } : current)),
  });
}
