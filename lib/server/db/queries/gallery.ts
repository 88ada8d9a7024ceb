import "server-only";
import { and, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { taskFavourites, taskTags, tasks, users } from "../schema";
import { ownerDisplayName } from "./owner-name";
import { labelConditions } from "./label-filters";
import { decodeListCursor, encodeListCursor } from "./cursor";
import { searchQueryFor } from "@/lib/shared/task-filters";
import type { GalleryFilters } from "@/lib/shared/gallery";

// Finished outputs that Cutroom holds a copy of, newest first, keyset on (finished_at, id) over the
// gallery's partial indexes.

const galleryColumns = {
  id: tasks.id,
  ownerId: tasks.ownerId,
  provider: tasks.provider,
  model: tasks.model,
  sandbox: tasks.sandbox,
  promptText: tasks.promptText,
  finishedAt: tasks.finishedAt,
  outputKind: tasks.outputKind,
  posterPath: tasks.posterPath,
  mediaWidth: tasks.mediaWidth,
  mediaHeight: tasks.mediaHeight,
  rating: tasks.rating,
  reviewState: tasks.reviewState,
  reviewerName: tasks.reviewerName,
};

export type GalleryRow = {
  id: string;
  ownerId: string;
  provider: string;
  model: string;
  sandbox: boolean;
  promptText: string;
  finishedAt: Date;
  outputKind: "video" | "image" | null;
  posterPath: string | null;
  mediaWidth: number | null;
  mediaHeight: number | null;
  rating: number | null;
  reviewState: "approved" | "changes_requested" | null;
  reviewerName: string | null;
  ownerName: string;
  /** One of the viewer's favourites. */
  favourite: boolean;
  /** Its tags, A to Z. */
  tags: string[];
};

/** The inner query's columns as the outer query reads them (through the subquery's alias). */
function pageColumns<T extends Record<keyof typeof galleryColumns, unknown>>(page: T): { [K in keyof typeof galleryColumns]: T[K] } {
  return Object.fromEntries(Object.keys(galleryColumns).map((key) => [key, page[key as keyof typeof galleryColumns]])) as {
    [K in keyof typeof galleryColumns]: T[K];
  };
}

/**
 * How many of the newest outputs a search first looks through, in order, before asking the search
 * index for every match. A common word ("dragon", in one prompt of seven) fills a page within the
 * newest few hundred, where the index's answer is thousands of rows to fetch and sort (the planner
 * cannot tell: a prefix query's estimate is a guess); a rare word misses here and costs at most
 * this many index entries more, then the index answers it cheaply because its matches are few.
 */
export const GALLERY_SEARCH_WINDOW = 1000;

/**
 * Whether the search can look through the newest outputs first: only when the other filters keep
 * most rows (owner, model, dates, project, review state), so the newest rows come from one ordered
 * index walk. Tags, ratings and favourites are selective: under them the walk would go far.
 */
export function searchWindowApplies(filters: GalleryFilters): boolean {
  return Boolean(filters.q && searchQueryFor(filters.q)) && !filters.favourites && !filters.rating && !filters.tag?.length;
}

type GalleryQueryOptions = {
  viewerId: string;
  limit: number;
  cursor: string | null;
  /** Look for the search's matches among this many newest outputs only (see GALLERY_SEARCH_WINDOW). */
  searchWindow?: number;
};

/**
 * The gallery page's query, unrun (the plan tests explain it); null for a cursor that is not ours.
 * Two levels: the inner query finds the page's rows (filters, keyset, limit) and the outer one
 * dresses only those: owner name, the viewer's favourite mark and the tags. Joined before the
 * limit, each of those was read for every candidate row a filter walked past (a rating filter
 * probed favourites a thousand times for 61 rows); the tags were a second round trip.
 */
export function galleryQuery(db: Db, filters: GalleryFilters, options: GalleryQueryOptions) {
  const where: SQL[] = [eq(tasks.state, "succeeded"), sql`${tasks.mediaPath} is not null`, sql`${tasks.deletedAt} is null`];
  if (filters.model) where.push(eq(tasks.model, filters.model));
  if (filters.owner) where.push(eq(tasks.ownerId, filters.owner === "me" ? options.viewerId : filters.owner));
  if (filters.from) where.push(gte(tasks.finishedAt, new Date(filters.from)));
  if (filters.to) where.push(lt(tasks.finishedAt, new Date(filters.to)));
  where.push(...labelConditions(filters));
  // The viewer's own marks only: a semi-join, answered from (task, user) in the favourites' index.
  if (filters.favourites) {
    where.push(
      sql`exists (select 1 from ${taskFavourites} where ${taskFavourites.userId} = ${options.viewerId} and ${taskFavourites.taskId} = ${tasks.id})`,
    );
  }
  if (options.cursor) {
    const cursor = decodeListCursor(options.cursor, "time");
    if (!cursor) return null;
    const key = new Date(cursor.key);
    where.push(or(lt(tasks.finishedAt, key), and(eq(tasks.finishedAt, key), lt(tasks.id, cursor.id)))!);
  }
  const search = filters.q ? searchQueryFor(filters.q) : null;
  const newestFirst = (columns: { finishedAt: unknown; id: unknown }) => [
    sql`${columns.finishedAt} desc nulls last`,
    sql`${columns.id} desc nulls last`,
  ];
  let page;
  if (search && options.searchWindow) {
    // The window's rows come in order and lazily: the outer limit stops the walk at a full page.
    const newest = db
      .select({ ...galleryColumns, promptSearch: tasks.promptSearch })
      .from(tasks)
      .where(and(...where))
      .orderBy(...newestFirst(tasks))
      .limit(options.searchWindow)
      .as("newest");
    page = db
      .select(pageColumns(newest))
      .from(newest)
      .where(sql`${newest.promptSearch} @@ to_tsquery('simple', ${search})`)
      .orderBy(...newestFirst(newest))
      .limit(options.limit + 1)
      .as("page");
  } else {
    if (search) where.push(sql`${tasks.promptSearch} @@ to_tsquery('simple', ${search})`);
    page = db
      .select(galleryColumns)
      .from(tasks)
      .where(and(...where))
      .orderBy(...newestFirst(tasks))
      .limit(options.limit + 1)
      .as("page");
  }
  return db
    .select({
      ...pageColumns(page),
      ownerName: ownerDisplayName,
      favourite: sql<boolean>`exists (select 1 from ${taskFavourites} where ${taskFavourites.userId} = ${options.viewerId} and ${taskFavourites.taskId} = ${page.id})`,
      tags: sql<string[]>`array(select ${taskTags.tag} from ${taskTags} where ${taskTags.taskId} = ${page.id} order by ${taskTags.tag})`,
    })
    .from(page)
    .innerJoin(users, eq(users.id, page.ownerId))
    .orderBy(...newestFirst(page));
}

export async function listGallery(
  db: Db,
  filters: GalleryFilters,
  options: { viewerId: string; limit: number; cursor: string | null },
): Promise<{ rows: GalleryRow[]; next: string | null } | null> {
  // A search tries the newest outputs first; a full page from them is the right page (every match
  // outside the window is older than all of them). Short of one, the index answers for all rows.
  let rows = searchWindowApplies(filters) ? await galleryQuery(db, filters, { ...options, searchWindow: GALLERY_SEARCH_WINDOW }) : null;
  if (!rows || rows.length <= options.limit) {
    const query = galleryQuery(db, filters, options);
    if (!query) return null;
    rows = await query;
  }
  const page = rows.slice(0, options.limit) as GalleryRow[];
  const last = page.at(-1);
  return {
    rows: page,
    next: rows.length > options.limit && last ? encodeListCursor({ key: last.finishedAt.toISOString(), id: last.id }) : null,
  };
}
