"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CommentView } from "@/lib/shared/comments";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// A task's comments from the browser: read with the task page, written through the API, and the
// list read again after each change (the server decides the mentions).

export function useComments(taskId: string) {
  return useQuery({
    queryKey: queryKeys.comments(taskId),
    queryFn: ({ signal }) =>
      apiFetch<{ comments: CommentView[] }>(`/api/tasks/${encodeURIComponent(taskId)}/comments`, { signal }).then((body) => body.comments),
    staleTime: 15_000,
  });
}

function useCommentMutation<Args>(taskId: string, call: (args: Args) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.comments(taskId) }),
  });
}

export const useAddComment = (taskId: string) =>
  useCommentMutation(taskId, (body: string) =>
    apiFetch<{ comment: CommentView }>(`/api/tasks/${encodeURIComponent(taskId)}/comments`, { method: "POST", json: { body } }),
  );

export const useEditComment = (taskId: string) =>
  useCommentMutation(taskId, ({ id, body }: { id: string; body: string }) =>
    apiFetch<{ comment: CommentView }>(`/api/comments/${encodeURIComponent(id)}`, { method: "PATCH", json: { body } }),
  );

export const useDeleteComment = (taskId: string) =>
  useCommentMutation(taskId, (id: string) => apiFetch(`/api/comments/${encodeURIComponent(id)}`, { method: "DELETE" }));
