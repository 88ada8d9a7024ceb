"use client";
import { useQuery } from "@tanstack/react-query";
import type { TaskPage } from "@/lib/shared/tasks";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

/**
 * The signed-in person's tasks still in flight. Polled only while there are some (and, like every
 * query, not while the tab is hidden); creating a task invalidates it, which starts the polling.
 */
export function useMyTasksInFlight() {
  return useQuery({
    queryKey: queryKeys.tasks.mineInFlight,
    queryFn: () =>
      apiFetch<TaskPage>("/api/tasks?owner=me&state=awaiting_approval,pending,queued,running&limit=100&count=0").then((page) => page.items),
    refetchInterval: (query) => (query.state.data && query.state.data.length > 0 ? 4000 : false),
    staleTime: 2000,
  });
}
