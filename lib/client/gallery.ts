"use client";
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { GALLERY_PAGE_SIZE, type GalleryPage } from "@/lib/shared/gallery";
import { apiFetch } from "./api";
import { queryKeys } from "./query-keys";

/**
 * The gallery, a page at a time, for infinite scrolling. `filters` is a URL query string; `first`
 * is the first page as the server already rendered it for those filters, if it did.
 */
export function useGallery(filters: string, first?: { filters: string; page: GalleryPage; at: number }) {
  const seeded = first && first.filters === filters ? first : undefined;
  return useInfiniteQuery({
    queryKey: queryKeys.gallery(filters),
    initialPageParam: null as string | null,
    ...(seeded ? { initialData: { pages: [seeded.page], pageParams: [null] }, initialDataUpdatedAt: seeded.at } : {}),
    staleTime: 30_000,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(filters);
      params.set("limit", String(GALLERY_PAGE_SIZE));
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<GalleryPage>(`/api/gallery?${params.toString()}`);
    },
    getNextPageParam: (page) => page.nextCursor,
  });
}

/**
 * Marks or clears one of my favourites. Every loaded gallery page shows the change at once; the
 * gallery is read again afterwards, so a Favourites-only view drops an item that is no longer one.
 */
export function useFavourite() {
  const client = useQueryClient();
  const mark = (id: string, favourite: boolean) =>
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
  return useMutation({
    mutationFn: ({ id, favourite }: { id: string; favourite: boolean }) =>
      apiFetch<{ id: string; favourite: boolean }>(`/api/tasks/${encodeURIComponent(id)}/favourite`, {
        method: favourite ? "PUT" : "DELETE",
      }),
    onMutate: ({ id, favourite }) => mark(id, favourite),
    onError: (_error, { id, favourite }) => mark(id, !favourite),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.galleryAll }),
  });
}
