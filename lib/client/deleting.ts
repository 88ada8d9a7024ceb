"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeletedTaskView } from "@/lib/shared/deleted";
import type { RetentionView } from "@/lib/shared/retention";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// Deleting an output (its owner or an admin) and, for admins, the deleted ones and their restore.
// Either reads the lists, the gallery and the projects again, where the output leaves or returns.

function useRefreshViews() {
  const client = useQueryClient();
  return () =>
    Promise.all(
      [queryKeys.tasks.all, queryKeys.galleryAll, queryKeys.projects, queryKeys.tagsAll, queryKeys.admin.deleted].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
}

export function useDeleteTask() {
  const refresh = useRefreshViews();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ id: string; deleted: true }>(`/api/tasks/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
}

export function useDeletedTasks() {
  return useQuery({
    queryKey: queryKeys.admin.deleted,
    queryFn: ({ signal }) => apiFetch<{ tasks: DeletedTaskView[] }>("/api/admin/deleted", { signal }),
    select: (data) => data.tasks,
  });
}

export function useRestoreTask() {
  const refresh = useRefreshViews();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ id: string; restored: true }>(`/api/admin/tasks/${encodeURIComponent(id)}/restore`, { method: "POST" }),
    onSuccess: refresh,
  });
}

/** The retention rule, with how many outputs `previewDays` (else the rule set) would delete now. */
export function useRetention(previewDays: number | null) {
  return useQuery({
    queryKey: queryKeys.admin.retention(previewDays),
    queryFn: ({ signal }) =>
      apiFetch<{ retention: RetentionView }>(`/api/admin/retention${previewDays === null ? "" : `?days=${previewDays}`}`, { signal }),
    select: (data) => data.retention,
    placeholderData: keepPreviousData,
  });
}

export function useSaveRetention() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (days: number | null) => apiFetch<{ retention: RetentionView }>("/api/admin/retention", { method: "PUT", json: { days } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.admin.retentionAll }),
  });
}
