import "server-only";
import { and, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { taskFavourites, tasks, users, type Task } from "../schema";
import { ownerDisplayName } from "./owner-name";
import { labelConditions } from "./label-filters";
import { searchQueryFor, type TaskFilters } from "@/lib/shared/task-filters";
import { encodeListCursor, type Cursor } from "./cursor";

// The task table's query: any combination of filters, sorted by creation time or duration, with
// keyset pagination. Every filter has an index ending in the sort order (see schema.ts), and the
// ORDER BY repeats the indexes' NULLS LAST so the planner can walk them instead of sorting.

// Cursors (and the checks that make a tampered one a 422, not a 500) live in ./cursor.
export { decodeListCursor, encodeListCursor } from "./cursor";

export function filterConditions(filters: TaskFilters, viewerId: string): SQL[] {
  // Deleted tasks are gone from every list (the admins' list of them reads its own index).
  const where: SQL[] = [isNull(tasks.deletedAt)];
  if (filters.state?.length) where.push(inArray(tasks.state, filters.state));
  if (filters.provider) where.push(eq(tasks.provider, filters.provider));
  if (filters.model) where.push(eq(tasks.model, filters.model));
  if (filters.owner) where.push(eq(tasks.ownerId, filters.owner === "me" ? viewerId : filters.owner));
  if (filters.from) where.push(gte(tasks.createdAt, new Date(filters.from)));
  if (filters.to) where.push(lt(tasks.createdAt, new Date(filters.to)));
  const search = filters.q ? searchQueryFor(filters.q) : null;
  if (search) where.push(sql`${tasks.promptSearch} @@ to_tsquery('simple', ${search})`);
  // The viewer's own marks: a semi-join on the favourites' primary key (user, task), so the list
  // stays one row per task and the count counts the same rows.
  if (filters.favourites)
    where.push(
      sql`exists (select 1 from ${taskFavourites} where ${taskFavourites.userId} = ${viewerId} and ${taskFavourites.taskId} = ${tasks.id})`,
    );
  where.push(...labelConditions(filters));
  if (filters.sort === "duration") where.push(isNotNull(tasks.durationMs));
  return where;
}

type ListOptions = { viewerId: string; limit: number; cursor: Cursor | null };

// What a row of the table needs, and no more: the input, the search vector and bookkeeping stay
// behind (on embedded PGlite, decoding wide rows is most of a page's cost).
const listColumns = {
  id: tasks.id,
  ownerId: tasks.ownerId,
  provider: tasks.provider,
  model: tasks.model,
  sandbox: tasks.sandbox,
  state: tasks.state,
  promptText: tasks.promptText,
  createdAt: tasks.createdAt,
  queuedAt: tasks.queuedAt,
  startedAt: tasks.startedAt,
  finishedAt: tasks.finishedAt,
  creditsCharged: tasks.creditsCharged,
  creditsRefunded: tasks.creditsRefunded,
  errorCode: tasks.errorCode,
  errorMessage: tasks.errorMessage,
  outputKind: tasks.outputKind,
  posterPath: tasks.posterPath,
  durationMs: tasks.durationMs,
  batchId: tasks.batchId,
  hasOutput: sql<boolean>`(${tasks.mediaPath} is not null or ${tasks.outputUrl} is not null)`,
  // Only what the video length depends on, not the whole input.
  durationChoice: sql<string | null>`${tasks.input}->>'duration'`,
  segmentCount: sql<number | null>`jsonb_array_length(${tasks.input}->'segments')`,
};

export type TaskListRow = Pick<
  Task,
  | "id"
  | "ownerId"
  | "provider"
  | "model"
  | "sandbox"
  | "state"
  | "promptText"
  | "createdAt"
  | "queuedAt"
  | "startedAt"
  | "finishedAt"
  | "creditsCharged"
  | "creditsRefunded"
  | "errorCode"
  | "errorMessage"
  | "outputKind"
  | "posterPath"
  | "durationMs"
  | "batchId"
> & { hasOutput: boolean; durationChoice: string | null; segmentCount: number | null; ownerName: string };

/** The page query itself, unexecuted, so tests and benchmarks can EXPLAIN exactly what runs. */
export function taskListQuery(db: Db, filters: TaskFilters, options: ListOptions) {
  const where = filterConditions(filters, options.viewerId);
  const byDuration = filters.sort === "duration";
  // A "before" cursor walks the same order backwards from its row (the caller turns the rows round).
  const backwards = options.cursor?.before === true;
  const desc = (filters.dir === "desc") !== backwards;
  const column = byDuration ? tasks.durationMs : tasks.createdAt;
  if (options.cursor) {
    const key = byDuration ? Number(options.cursor.key) : new Date(options.cursor.key);
    where.push(
      desc
        ? or(lt(column, key), and(eq(column, key), lt(tasks.id, options.cursor.id)))!
        : or(sql`${column} > ${key}`, and(eq(column, key), sql`${tasks.id} > ${options.cursor.id}`))!,
    );
  }
  // The NULLS placement must match an index for the planner to walk it: descending pages read the
  // "desc nulls last" indexes forward, ascending creation times read them backward (nulls first).
  // Walking backwards flips both, which is the same index read the other way.
  const forward = filters.dir === "desc" ? "desc nulls last" : byDuration ? "asc nulls last" : "asc nulls first";
  const reversed: Record<string, string> = {
    "desc nulls last": "asc nulls first",
    "asc nulls first": "desc nulls last",
    "asc nulls last": "desc nulls first",
  };
  const direction = sql.raw(backwards ? reversed[forward]! : forward);
  return db
    .select({ task: listColumns, ownerName: ownerDisplayName })
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.ownerId))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(sql`${column} ${direction}`, sql`${tasks.id} ${direction}`)
    .limit(options.limit + 1);
}

/**
 * How many tasks match the filters, counting no further than `cap`: a count of every row would
 * read the whole table for an unfiltered list. Unordered, so the planner picks what finds `cap`
 * rows soonest (a scan that stops at the cap when most rows match, an index when few do).
 */
export function taskCountQuery(db: Db, filters: TaskFilters, viewerId: string, cap: number) {
  const where = filterConditions(filters, viewerId);
  const matching = db
    .select({ one: sql`1` })
    .from(tasks)
    .where(where.length > 0 ? and(...where) : undefined)
    .limit(cap + 1)
    .as("matching");
  return db.select({ count: sql<number>`count(*)::int` }).from(matching);
}

export async function countTasks(db: Db, filters: TaskFilters, viewerId: string, cap: number): Promise<{ count: number; capped: boolean }> {
  const [row] = await taskCountQuery(db, filters, viewerId, cap);
  const count = Number(row?.count ?? 0);
  return count > cap ? { count: cap, capped: true } : { count, capped: false };
}

export type TaskListPage = { rows: TaskListRow[]; next: string | null; prev: string | null };

export async function listTasks(db: Db, filters: TaskFilters, options: ListOptions): Promise<TaskListPage> {
  const byDuration = filters.sort === "duration";
  const backwards = options.cursor?.before === true;
  const rows = await taskListQuery(db, filters, options);
  const more = rows.length > options.limit;
  const taken = rows.slice(0, options.limit).map((row) => ({ ...row.task, ownerName: row.ownerName }) as TaskListRow);
  const page = backwards ? taken.reverse() : taken;
  // Back at the start with less than a page: the first page itself, so it is full again.
  if (backwards && !more && page.length < options.limit) return listTasks(db, filters, { ...options, cursor: null });
  const cursorAt = (row: TaskListRow | undefined, before = false) =>
    row
      ? encodeListCursor({
          key: byDuration ? String(row.durationMs) : row.createdAt.toISOString(),
          id: row.id,
          ...(before ? { before } : {}),
        })
      : null;
  if (backwards) return { rows: page, next: cursorAt(page.at(-1)), prev: more ? cursorAt(page[0], true) : null };
  return {
    rows: page,
    next: more ? cursorAt(page.at(-1)) : null,
    // After a cursor there is always a page before, even when this one is empty (the rows went away).
    prev: options.cursor ? (cursorAt(page[0], true) ?? encodeListCursor({ ...options.cursor, before: true })) : null,
  };
}
