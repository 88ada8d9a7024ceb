"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { NotificationSummary, NotificationView } from "@/lib/shared/comments";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// My notices (mentions): the header's unread count starts from the page's server render and is
// read again every minute while the tab is visible (never while it is hidden); the list loads when
// the bell opens.

const POLL_MS = 60_000;

export function useNotificationSummary(initial: NotificationSummary) {
  return useQuery({
    queryKey: queryKeys.notifications.summary,
    queryFn: ({ signal }) => apiFetch<NotificationSummary>("/api/notifications?summary=1", { signal }),
    initialData: initial,
    staleTime: POLL_MS,
    refetchInterval: POLL_MS,
  });
}

export function useNotificationList(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.notifications.list,
    queryFn: ({ signal }) =>
      apiFetch<NotificationSummary & { items: NotificationView[] }>("/api/notifications", { signal }).then((body) => body.items),
    enabled,
    staleTime: 0,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: string[] } | { taskId: string } | { all: true }) =>
      apiFetch<NotificationSummary>("/api/notifications/read", { method: "POST", json: which }),
    onSuccess: (summary) => client.setQueryData(queryKeys.notifications.summary, summary),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.notifications.list }),
  });
}

/** On a task's page: my unread mentions there are read now (only asked when I have any unread). */
export function useReadTaskNotices(taskId: string) {
  const client = useQueryClient();
  const mark = useMarkRead();
  const summary = client.getQueryData<NotificationSummary>(queryKeys.notifications.summary);
  const unread = summary?.unread ?? 0;
  const { mutate } = mark;
  useEffect(() => {
    if (unread > 0) mutate({ taskId });
  }, [taskId, unread, mutate]);
}
