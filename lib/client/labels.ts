"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TagSuggestion } from "@/lib/shared/library";
import type { TaskView } from "@/lib/shared/tasks";
import { ApiError, apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// The team's labels on an output (tags and star rating) from the browser: saved whole, shown at
// once on the task's page (and put back if the server refuses), then the gallery, the task lists
// and the tag suggestions are read again, as their filters depend on them.

/** The first message a refusal carries: a field's own ("A tag is at most 32 characters.") if any. */
export function labelErrorText(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError) return Object.values(error.fields)[0] ?? error.message;
  return "That did not save. Try again.";
}

function useLabelMutation<Value>(id: string, field: "tags" | "rating", path: string) {
  const client = useQueryClient();
  const key = queryKeys.tasks.detail(id);
  return useMutation({
    mutationFn: (value: Value) => apiFetch<Record<string, Value>>(path, { method: "PUT", json: { [field]: value } }),
    onMutate: async (value: Value) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<TaskView>(key);
      client.setQueryData<TaskView>(key, (task) => (task ? { ...task, [field]: value } : task));
      return { before };
    },
    onError: (_error, _value, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
    onSuccess: (saved) => client.setQueryData<TaskView>(key, (task) => (task ? { ...task, [field]: saved[field] } : task)),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.galleryAll }),
        client.invalidateQueries({ queryKey: queryKeys.tasks.lists }),
        client.invalidateQueries({ queryKey: queryKeys.tagsAll }),
      ]),
  });
}

export const useSetTags = (id: string) => useLabelMutation<string[]>(id, "tags", `/api/tasks/${encodeURIComponent(id)}/tags`);
export const useSetRating = (id: string) => useLabelMutation<number | null>(id, "rating", `/api/tasks/${encodeURIComponent(id)}/rating`);

/** The team's tags that start with `prefix` (all of them, most used first, when it is empty). */
export function useTagSuggestions(prefix: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.tags(prefix),
    queryFn: ({ signal }) =>
      apiFetch<{ tags: TagSuggestion[] }>(`/api/tags?${new URLSearchParams(prefix ? { q: prefix } : {}).toString()}`, { signal }),
    select: (data) => data.tags,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    enabled,
  });
}
