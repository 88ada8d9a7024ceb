import "server-only";
import type { Db } from "../db";
import type { Task } from "../db/schema";
import { listGallery } from "../db/queries/gallery";
import { countTasks, decodeListCursor, listTasks } from "../db/queries/task-list";
import { findTaskWithOwner, listTaskEvents } from "../db/queries/tasks";
import { notFound, validationFailed } from "../errors";
import type { SessionUser } from "../auth/session";
import { isFavourite } from "./favourites";
import { listTags } from "./organise";
import { projectOf } from "../projects/service";
import { toGalleryItem, toTaskListItem, toTaskView } from "./view";
import { GALLERY_PAGE_SIZE, galleryFiltersToParams, type GalleryFilters, type GalleryPage } from "@/lib/shared/gallery";
import type { TaskFilters } from "@/lib/shared/task-filters";
import { TASK_COUNT_CAP, type TaskPage, type TaskView } from "@/lib/shared/tasks";

// Reads of tasks as the browser sees them, for route handlers and pages alike: writes go through
// the other modules of tasks/, reads through these (never a view rebuilt by hand).

const BAD_CURSOR = "This page link is not valid; start from the first page.";

/** One task with its timeline, as `viewer` may see it; 404 when there is no such task. */
export async function getTaskView(db: Db, viewer: SessionUser, taskId: string): Promise<TaskView> {
  const task = await findTaskWithOwner(db, taskId);
  if (!task) throw notFound("That task");
  const [events, favourite, tags, project] = await Promise.all([
    listTaskEvents(db, taskId),
    isFavourite(db, viewer.id, taskId),
    listTags(db, taskId),
    projectOf(db, task.projectId),
  ]);
  return toTaskView(task, viewer, events, { favourite, tags, project });
}

/** A task its owner has just made or changed, as they see it: the row is in hand, only the timeline is read. */
export async function ownTaskView(db: Db, owner: SessionUser, task: Task): Promise<TaskView> {
  const [events, project] = await Promise.all([listTaskEvents(db, task.id), projectOf(db, task.projectId)]);
  return toTaskView({ ...task, ownerName: owner.name }, owner, events, { favourite: false, tags: [], project });
}

/**
 * One page of the team's tasks (filters, search, sort, keyset cursor either way). With `count`,
 * also how many match the filters (capped), read beside the page rather than after it.
 */
export async function readTaskPage(
  db: Db,
  viewer: SessionUser,
  filters: TaskFilters,
  page: { limit: number; cursor: string | null | undefined; count?: boolean },
): Promise<TaskPage> {
  const cursor = page.cursor ? decodeListCursor(page.cursor, filters.sort === "duration" ? "number" : "time") : null;
  if (page.cursor && !cursor) throw validationFailed({ cursor: BAD_CURSOR });
  const [result, total] = await Promise.all([
    listTasks(db, filters, { viewerId: viewer.id, limit: page.limit, cursor }),
    page.count ? countTasks(db, filters, viewer.id, TASK_COUNT_CAP) : null,
  ]);
  return {
    items: result.rows.map((task) => toTaskListItem(task, viewer)),
    nextCursor: result.next,
    prevCursor: result.prev,
    ...(total ? { total: total.count, totalCapped: total.capped } : {}),
  };
}

/** One page of the gallery as the browser sees it (the API and the page's first render share it). */
export async function readGalleryPage(
  db: Db,
  viewerId: string,
  filters: GalleryFilters,
  page: { limit: number; cursor: string | null },
): Promise<GalleryPage> {
  const result = await listGallery(db, filters, { viewerId, limit: page.limit, cursor: page.cursor });
  if (!result) throw validationFailed({ cursor: BAD_CURSOR });
  return { items: result.rows.map(toGalleryItem), nextCursor: result.next };
}

/**
 * The gallery's first page for a page's server render, with the filters it answers (as the
 * browser writes them) and when it was read, so the browser starts from it instead of asking again.
 */
export async function readGalleryFirstPage(db: Db, viewerId: string, filters: GalleryFilters) {
  const page = await readGalleryPage(db, viewerId, filters, { limit: GALLERY_PAGE_SIZE, cursor: null });
  return { filters: galleryFiltersToParams(filters).toString(), page, at: Date.now() };
}
