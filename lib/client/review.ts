"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReviewState, ReviewView } from "@/lib/shared/review";
import type { TaskView } from "@/lib/shared/tasks";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// Reviewing an output from its page: the verdict shows at once from the answer; the task is read
// again for the new timeline step, and the lists and boards for their review filter and badges.

export function useReviewTask(id: string) {
  const client = useQueryClient();
  const key = queryKeys.tasks.detail(id);
  return useMutation({
    mutationFn: (review: { state: ReviewState | null; note?: string }) =>
      apiFetch<{ id: string; review: ReviewView | null }>(`/api/tasks/${encodeURIComponent(id)}/review`, { method: "PUT", json: review }),
    onSuccess: (saved) => client.setQueryData<TaskView>(key, (task) => (task ? { ...task, review: saved.review } : task)),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: key }),
        client.invalidateQueries({ queryKey: queryKeys.galleryAll }),
        client.invalidateQueries({ queryKey: queryKeys.tasks.lists }),
      ]),
  });
}
