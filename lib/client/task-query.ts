"use client";
import { queryOptions } from "@tanstack/react-query";
import type { TaskView } from "@/lib/shared/tasks";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// One task as the API has it. On its own so the header's activity watcher (on every page) takes
// this and not the whole of ./tasks (lists, feeds, mutations), which pages then ship again.
export const taskQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.tasks.detail(id),
    queryFn: () => apiFetch<{ task: TaskView }>(`/api/tasks/${encodeURIComponent(id)}`).then((body) => body.task),
  });
