"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ProviderOverview } from "@/lib/shared/providers";
import type { WebhookInboxPage } from "@/lib/shared/webhooks";
import type { AuditPage } from "@/lib/shared/audit";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

/** Providers' mode, health, balance and budget; refreshed every 15 s while the tab is visible. */
export function useProviders() {
  return useQuery({
    queryKey: queryKeys.admin.providers,
    queryFn: () => apiFetch<{ providers: ProviderOverview[] }>("/api/admin/providers").then((body) => body.providers),
    refetchInterval: 15_000,
    refetchIntervalInBackground: false,
  });
}

/** Recent webhook deliveries, newest first, 50 at a time. */
export function useWebhookInbox() {
  return useInfiniteQuery({
    queryKey: queryKeys.admin.webhooks,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      apiFetch<WebhookInboxPage>(`/api/admin/webhooks${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** The audit log for these filters (a query string), newest first, 50 at a time. */
export function useAuditLog(filters: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.admin.audit(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams(filters);
      if (pageParam) query.set("cursor", pageParam);
      const search = query.toString();
      return apiFetch<AuditPage>(`/api/admin/audit${search ? `?${search}` : ""}`);
    },
    getNextPageParam: (page) => page.nextCursor,
  });
}

export type RecheckResult = { providerStatus: string; changed: boolean };

/** Asks the provider about one task now; the inbox and the task's views refresh afterwards. */
export function useRecheckTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskId: string) => apiFetch<RecheckResult>(`/api/admin/tasks/${encodeURIComponent(taskId)}/recheck`, { method: "POST" }),
    onSuccess: (_result, taskId) => {
      void client.invalidateQueries({ queryKey: queryKeys.admin.webhooks });
      void client.invalidateQueries({ queryKey: queryKeys.tasks.detail(taskId) });
    },
  });
}

export type ImportReport = {
  added: { id: string; label: string; usable: boolean }[];
  updated: { id: string; label: string; usable: boolean }[];
  skipped: { endpoint: string; reason: string }[];
};

/** Imports a provider's models from its openapi.json; the model lists refresh afterwards. */
export function useImportModels() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { provider: string; openapi: unknown; docs?: unknown }) =>
      apiFetch<{ report: ImportReport }>("/api/admin/models/import", { method: "POST", json: body }).then((result) => result.report),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.models });
      void client.invalidateQueries({ queryKey: queryKeys.team });
    },
  });
}
