"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreateProjectInput, ProjectView, UpdateProjectInput } from "@/lib/shared/projects";
import type { TaskView } from "@/lib/shared/tasks";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

// The team's projects from the browser: the list (for pickers and the Projects page), one
// project, and the changes to them. A change reads the projects again, and the lists of tasks and
// outputs whose project filters and counts depend on them.

export function useProjects(initial?: ProjectView[]) {
  return useQuery({
    queryKey: queryKeys.projects,
    queryFn: ({ signal }) => apiFetch<{ projects: ProjectView[] }>("/api/projects", { signal }),
    select: (data) => data.projects,
    staleTime: 60_000,
    ...(initial ? { initialData: { projects: initial } } : {}),
  });
}

export function useProject(id: string, initial: ProjectView) {
  return useQuery({
    queryKey: queryKeys.project(id),
    queryFn: ({ signal }) => apiFetch<{ project: ProjectView }>(`/api/projects/${encodeURIComponent(id)}`, { signal }),
    select: (data) => data.project,
    initialData: { project: initial },
    staleTime: 30_000,
  });
}

function useRefreshAfter() {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.projects }),
      client.invalidateQueries({ queryKey: queryKeys.galleryAll }),
      client.invalidateQueries({ queryKey: queryKeys.tasks.lists }),
    ]);
}

export function useCreateProject() {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: (input: CreateProjectInput) => apiFetch<{ project: ProjectView }>("/api/projects", { method: "POST", json: input }),
    onSuccess: refresh,
  });
}

export function useUpdateProject(id: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: (input: UpdateProjectInput) =>
      apiFetch<{ project: ProjectView }>(`/api/projects/${encodeURIComponent(id)}`, { method: "PATCH", json: input }),
    onSuccess: refresh,
  });
}

export function useDeleteProject(id: string) {
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: () =>
      apiFetch<{ id: string; deleted: true; tasksKept: number }>(`/api/projects/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
}

/** Moves a task into a project (or none); its page shows the answer. */
export function useSetTaskProject(taskId: string) {
  const client = useQueryClient();
  const refresh = useRefreshAfter();
  return useMutation({
    mutationFn: (projectId: string | null) =>
      apiFetch<{ id: string; project: TaskView["project"] }>(`/api/tasks/${encodeURIComponent(taskId)}/project`, {
        method: "PUT",
        json: { projectId },
      }),
    onSuccess: (saved) => {
      client.setQueryData<TaskView>(queryKeys.tasks.detail(taskId), (task) => (task ? { ...task, project: saved.project } : task));
      return refresh();
    },
  });
}
