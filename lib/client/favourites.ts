"use client";
import { useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import type { GalleryPage } from "@/lib/shared/gallery";
import type { TaskView } from "@/lib/shared/tasks";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

/**
 * Marks or clears one of my favourites, from the gallery or a task's page. Every loaded gallery
 * page and the task's own view show the change at once (and go back if the server refuses); the
 * gallery is read again afterwards, so a Favourites-only view drops an item that is no longer one,
 * and so is the task list, whose Favourites filter depends on it.
 */
export function useFavourite() {
  const client = useQueryClient();
  const mark = (id: string, favourite: boolean) => {
    client.setQueriesData<InfiniteData<GalleryPage>>({ queryKey: queryKeys.galleryAll }, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((item) => (item.id === id ? { ...item, favourite } : item)),
            })),
          }
        : data,
    );
    client.setQueryData<TaskView>(queryKeys.tasks.detail(id), (task) => (task ? { ...task, favourite } : task));
  };
  return useMutation({
    mutationFn: ({ id, favourite }: { id: string; favourite: boolean }) =>
      apiFetch<{ id: string; favourite: boolean }>(`/api/tasks/${encodeURIComponent(id)}/favourite`, {
        method: favourite ? "PUT" : "DELETE",
      }),
    onMutate: ({ id, favourite }) => mark(id, favourite),
    onError: (_error, { id, favourite }) => mark(id, !favourite),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.galleryAll }),
        client.invalidateQueries({ queryKey: queryKeys.tasks.lists }),
      ]),
  });
}
