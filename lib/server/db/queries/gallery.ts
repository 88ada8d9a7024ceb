import "server-only";
import { and, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { taskFavourites, tasks, users } from "../schema";
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
};

/** The gallery page's query, unrun (the plan tests explain it); null for a cursor that is not ours. */
export function galleryQuery(db: Db, filters: GalleryFilters, options: { viewerId: string; limit: number; cursor: string | null }) {
  const where: SQL[] = [eq(tasks.state, "succeeded"), sql`${tasks.mediaPath} is not null`, sql`${tasks.deletedAt} is null`];
  if (filters.model) where.push(eq(tasks.model, filters.model));
  if (filters.owner) where.push(eq(tasks.ownerId, filters.owner === "me" ? options.viewerId : filters.owner));
  if (filters.from) where.push(gte(tasks.finishedAt, new Date(filters.from)));
  if (filters.to) where.push(lt(tasks.finishedAt, new Date(filters.to)));
  const search = filters.q ? searchQueryFor(filters.q) : null;
  if (search) where.push(sql`${tasks.promptSearch} @@ to_tsquery('simple', ${search})`);
  where.push(...labelConditions(filters));
  if (options.cursor) {
    const cursor = decodeListCursor(options.cursor, "time");
    if (!cursor) return null;
    const key = new Date(cursor.key);
    where.push(or(lt(tasks.finishedAt, key), and(eq(tasks.finishedAt, key), lt(tasks.id, cursor.id)))!);
  }
  // The viewer's own marks only: with the filter, their favourites drive the query (a short list).
  const mine = and(eq(taskFavourites.taskId, tasks.id), eq(taskFavourites.userId, options.viewerId));
  const base = db
    .select({ ...galleryColumns, ownerName: ownerDisplayName, favourite: sql<boolean>`${taskFavourites.taskId} is not null` })
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.ownerId));
  return (filters.favourites ? base.innerJoin(taskFavourites, mine) : base.leftJoin(taskFavourites, mine))
    .where(and(...where))
    .orderBy(sql`${tasks.finishedAt} desc nulls last`, sql`${tasks.id} desc nulls last`)
    .limit(options.limit + 1);
}

export async function listGallery(
  db: Db,
  filters: GalleryFilters,
  options: { viewerId: string; limit: number; cursor: string | null },
): Promise<{ rows: GalleryRow[]; next: string | null } | null> {
  const query = galleryQuery(db, filters, options);
  if (!query) return null;
  const rows = await query;
  const page = rows.slice(0, options.limit) as GalleryRow[];
  const last = page.at(-1);
  return {
    rows: page,
    next: rows.length > options.limit && last ? encodeListCursor({ key: last.finishedAt.toISOString(), id: last.id }) : null,
  };
}
