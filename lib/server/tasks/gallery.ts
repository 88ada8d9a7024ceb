import "server-only";
import type { Db } from "../db";
import { listGallery } from "../db/queries/gallery";
import { validationFailed } from "../errors";
import { toGalleryItem } from "./view";
import type { GalleryFilters, GalleryPage } from "@/lib/shared/gallery";

/** One page of the gallery as the browser sees it (the API and the page's first render share it). */
export async function readGalleryPage(
  db: Db,
  viewerId: string,
  filters: GalleryFilters,
  page: { limit: number; cursor: string | null },
): Promise<GalleryPage> {
  const result = await listGallery(db, filters, { viewerId, limit: page.limit, cursor: page.cursor });
  if (!result) throw validationFailed({ cursor: "This page link is not valid; start from the first page." });
  return { items: result.rows.map(toGalleryItem), nextCursor: result.next };
}
