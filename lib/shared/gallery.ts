import * as z from "zod/mini";
import { optionalDateTime, ownerFilter, pageCursor, pageLimit } from "./list-params";
import { optionalText } from "./validation";
import { projectFilter, ratingFilter, tagFilter, tagsParam } from "./library";
import { reviewFilter, type ReviewState } from "./review";

// The gallery's filters and items, shared by the page, its URL and the API.

const dateTime = optionalDateTime("Use an ISO date and time.");

export const galleryFiltersSchema = z.strictObject({
  model: optionalText(100),
  owner: ownerFilter,
  from: dateTime,
  to: dateTime,
  q: optionalText(200),
  /** `1`: only my favourites. */
  favourites: z.optional(z.literal("1", { error: "favourites is 1 or left out." })),
  /** Comma-separated: outputs carrying every one of these tags. */
  tag: tagFilter,
  /** Rated at least this many stars. */
  rating: ratingFilter,
  /** One project's tasks. */
  project: projectFilter,
  /** Approved, changes requested, or not reviewed. */
  review: reviewFilter,
});
export type GalleryFilters = z.infer<typeof galleryFiltersSchema>;

/** Items per gallery page: a few screens of cards, so scrolling rarely waits for the next. */
export const GALLERY_PAGE_SIZE = 60;

export const galleryQuerySchema = z.extend(galleryFiltersSchema, { cursor: pageCursor, limit: pageLimit(120, GALLERY_PAGE_SIZE) });

export type GalleryItem = {
  id: string;
  prompt: string;
  model: string;
  modelLabel: string;
  /** The model's name with its provider beside it when another provider has one of that name (see model-names.ts). */
  modelDisplayLabel: string;
  providerLabel: string;
  sandbox: boolean;
  owner: { id: string; name: string };
  finishedAt: string;
  /** One of my favourites (each person has their own). */
  favourite: boolean;
  /** The team's tags, sorted, and star rating (null when unrated). */
  tags: string[];
  rating: number | null;
  /** The output's review, or null when nobody has reviewed it. */
  review: { state: ReviewState; by: string } | null;
  media: {
    url: string;
    downloadUrl: string;
    posterUrl: string | null;
    kind: "video" | "image";
    width: number | null;
    height: number | null;
  };
};

export type GalleryPage = { items: GalleryItem[]; nextCursor: string | null };

export function galleryFiltersToParams(filters: Partial<GalleryFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["model", "owner", "from", "to", "q", "favourites", "rating", "project", "review"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const tag = tagsParam(filters.tag);
  if (tag) params.set("tag", tag);
  return params;
}
