"use client";
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RECENT_TASKS, isTerminal, type BulkCancelResult, type TaskPage, type TaskView } from "@/lib/shared/tasks";
import type { CreateTaskBody } from "@/lib/shared/tasks-api";
import { apiFetch, isApiError } from "./api";
import { queryKeys } from "./query-keys";
import { taskQuery } from "./task-query";

export { taskQuery };

export const POLL_INTERVAL_MS = 2000;

/** A task, polled from Cutroom's own API until it reaches a terminal state (never in background tabs). */
export function useTaskQuery(id: string, initial?: TaskView) {
  return useQuery({
    ...taskQuery(id),
    initialData: initial,
    refetchInterval: (query) => {
      const task = query.state.data;
      if (task && isTerminal(task.state)) return false;
      // After a failed refresh (a restart, a network blip), keep trying, but more slowly.
      if (query.state.status === "error") return query.state.error && isApiError(query.state.error, 404) ? false : POLL_INTERVAL_MS * 5;
      return POLL_INTERVAL_MS;
    },
    refetchIntervalInBackground: false,
  });
}

/** `filters` is the filters' URL query string (see lib/shared/task-filters.ts). */
export const tasksPageQuery = (filters: string, cursor: string | null) =>
  queryOptions({
    queryKey: queryKeys.tasks.list(filters, cursor),
    queryFn: () => {
      const params = new URLSearchParams(filters);
      params.set("limit", "25");
      if (cursor) params.set("cursor", cursor);
      return apiFetch<TaskPage>(`/api/tasks?${params.toString()}`);
    },
  });

/** One page of the team's tasks; refreshed every few seconds while any of them is still in flight. */
export function useTasksPage(filters: string, cursor: string | null) {
  return useQuery({
    ...tasksPageQuery(filters, cursor),
    refetchInterval: (query) => (query.state.data?.items.some((task) => !isTerminal(task.state)) ? 4000 : false),
    placeholderData: (previous) => previous,
  });
}

/**
 * My latest tasks, newest first, for Generate's feed; refreshed every few seconds while any is in
 * flight. The page's own first read counts as fresh, so opening Generate asks the API nothing.
 */
export function useMyRecentTasks(initial?: TaskPage, readAt?: number) {
  return useQuery({
    queryKey: queryKeys.tasks.recentMine,
    queryFn: () => apiFetch<TaskPage>(`/api/tasks?owner=me&limit=${RECENT_TASKS}&count=0`),
    initialData: initial,
    initialDataUpdatedAt: readAt,
    staleTime: 60_000,
    refetchInterval: (query) => (query.state.data?.items.some((task) => !isTerminal(task.state)) ? 3000 : false),
    refetchIntervalInBackground: false,
  });
}

/** My latest prompts, newest first, each once; read when the history is opened. */
export function useRecentPrompts(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.recentPrompts,
    queryFn: () => apiFetch<{ prompts: string[] }>("/api/prompts").then((body) => body.prompts),
    enabled,
    staleTime: 30_000,
  });
}

export function useCreateTask() {
  const client = useQueryClient();
  return useMutation({
    /** Every task made: one, or each variant in order. */
    mutationFn: (body: CreateTaskBody) =>
      apiFetch<{ task: TaskView; tasks?: TaskView[] }>("/api/tasks", { method: "POST", json: body }).then(
        (result) => result.tasks ?? [result.task],
      ),
    onSuccess: (tasks) => {
      for (const task of tasks) client.setQueryData(queryKeys.tasks.detail(task.id), task);
      // Generate's feed shows the new tasks at once, before its refresh comes back.
      const made = new Set(tasks.map((task) => task.id));
      client.setQueryData<TaskPage>(queryKeys.tasks.recentMine, (page) =>
        page ? { ...page, items: [...tasks, ...page.items.filter((item) => !made.has(item.id))].slice(0, RECENT_TASKS) } : page,
      );
      void client.invalidateQueries({ queryKey: queryKeys.tasks.all });
      // A provider that failed this create may be failing for everyone: Generate's banner reads again.
      if (tasks.some((task) => task.state === "failed")) void client.invalidateQueries({ queryKey: queryKeys.providerStatus });
    },
    onError: () => void client.invalidateQueries({ queryKey: queryKeys.providerStatus }),
  });
}

export type { BulkCancelResult };

export function useCancelTasks() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) =>
      apiFetch<{ results: BulkCancelResult[]; summary: { requested: number; canceled: number; notCanceled: number } }>(
        "/api/tasks/cancel",
        {
          method: "POST",
          json: { ids },
        },
      ),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.tasks.all }),
  });
}

/** Asks Cutroom to try a task's unreadable or missing output again; the task comes back updated. */
export function useRecheckOutput() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ task: TaskView }>(`/api/tasks/${encodeURIComponent(id)}/recheck-output`, { method: "POST" }),
    onSuccess: ({ task }) => {
      client.setQueryData(queryKeys.tasks.detail(task.id), task);
      void client.invalidateQueries({ queryKey: queryKeys.tasks.all });
    },
  });
}

export function useCancelTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ task: TaskView; refunded: number | null }>(`/api/tasks/${encodeURIComponent(id)}/cancel`, { method: "POST" }),
    onSuccess: ({ task }) => {
      client.setQueryData(queryKeys.tasks.detail(task.id), task);
      void client.invalidateQueries({ queryKey: queryKeys.tasks.all });
    },
  });
}
