import * as z from "zod/mini";
import { TASK_STATES } from "./tasks";
import { optionalDateTime, ownerFilter, pageCursor, pageLimit } from "./list-params";
import { optionalText } from "./validation";
import { projectFilter, ratingFilter, tagFilter, tagsParam } from "./library";
import { reviewFilter } from "./review";

// The task table's filters: one schema for the URL (so a view can be shared), the browser's query
// and the API's validation.

const dateTime = optionalDateTime("Use an ISO date and time, like 2026-01-31T00:00:00Z.");

export const taskFiltersSchema = z.strictObject({
  state: z.pipe(
    z.transform((value: unknown) => (typeof value === "string" ? (value === "" ? undefined : value.split(",")) : value)),
    z.optional(z.array(z.enum(TASK_STATES, { error: `States are ${TASK_STATES.join(", ")}.` })).check(z.maxLength(TASK_STATES.length))),
  ),
  provider: optionalText(40),
  model: optionalText(100),
  owner: ownerFilter,
  from: dateTime,
  to: dateTime,
  q: optionalText(200),
  /** `1`: only my favourites. */
  favourites: z.optional(z.literal("1", { error: "favourites is 1 or left out." })),
  /** Comma-separated: tasks carrying every one of these tags. */
  tag: tagFilter,
  /** Rated at least this many stars. */
  rating: ratingFilter,
  /** One project's tasks. */
  project: projectFilter,
  /** Approved, changes requested, or not reviewed. */
  review: reviewFilter,
  sort: z._default(z.enum(["created", "duration"], { error: "Sort by created or duration." }), "created"),
  dir: z._default(z.enum(["desc", "asc"], { error: "Sort direction is asc or desc." }), "desc"),
});
export type TaskFilters = z.infer<typeof taskFiltersSchema>;

export const taskListQuerySchema = z.extend(taskFiltersSchema, {
  cursor: pageCursor,
  limit: pageLimit(100, 25),
  // `count=0` skips counting the matches: Generate's feed and the activity poll never show it.
  count: z._default(z.enum(["0", "1"], { error: "count is 0 or 1." }), "1"),
});

/** Filters as URL search params, leaving out defaults, so shared links stay short. */
export function filtersToParams(filters: Partial<TaskFilters>): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.state?.length) params.set("state", filters.state.join(","));
  for (const key of ["provider", "model", "owner", "from", "to", "q", "favourites", "rating", "project", "review"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const tag = tagsParam(filters.tag);
  if (tag) params.set("tag", tag);
  if (filters.sort && filters.sort !== "created") params.set("sort", filters.sort);
  if (filters.dir && filters.dir !== "desc") params.set("dir", filters.dir);
  return params;
}

/** Words to search for, as a prefix query both databases understand (`to_tsquery('simple', ...)`). */
export function searchQueryFor(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 8);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(" & ") : null;
}
