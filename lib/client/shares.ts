"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ShareView } from "@/lib/shared/shares";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// Share links from the browser: an object's links (while its share dialog is open), every link for
// admins, making one (its URL comes back this once) and revoking one.

export type ShareTarget = { kind: "taskId" | "projectId"; id: string };

export function useShares(target: ShareTarget, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.shares.of(target.kind, target.id),
    queryFn: ({ signal }) =>
      apiFetch<{ shares: ShareView[] }>(`/api/shares?${new URLSearchParams({ [target.kind]: target.id }).toString()}`, { signal }).then(
        (body) => body.shares,
      ),
    enabled,
  });
}

export function useAllShares() {
  return useQuery({
    queryKey: queryKeys.shares.admin,
    queryFn: ({ signal }) => apiFetch<{ shares: ShareView[] }>("/api/admin/shares", { signal }).then((body) => body.shares),
  });
}

export function useCreateShare(target: ShareTarget) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { title: string; expiresInHours: number; showPrompt: boolean; allowReview: boolean }) =>
      apiFetch<{ share: ShareView; url: string }>("/api/shares", { method: "POST", json: { [target.kind]: target.id, ...input } }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.shares.all }),
  });
}

export function useRevokeShare() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/shares/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.shares.all }),
  });
}
