"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
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
