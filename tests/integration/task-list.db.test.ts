import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskFavourites, taskTags, tasks } from "@/lib/server/db/schema";
import { searchQueryFor, taskFiltersSchema, type TaskFilters } from "@/lib/shared/task-filters";
import { createTestDatabase, testDatabaseKind, type DbKind, type TestDatabase } from "../support/databases";
import { SEED_PROJECTS, filterCombinations, seedTasks } from "../support/seed-tasks";
import { issuesOf } from "../support/zod-issues";

// The task table's filters, search, sorts and keyset pages, checked against the same rules applied
// in plain code to every row: walking all pages yields exactly the expected rows, in order, once.

function defineTaskListSuite(kind: DbKind) {
  describe(`task list filters on ${kind}`, () => {
    let database: TestDatabase;
    let owners: string[];
    let all: (typeof tasks.$inferSelect)[];
    let favourites: { userId: string; taskId: string }[];
    let tagged: { taskId: string; tag: string }[];

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      // Labels on three in ten outputs, so each of the few tags and ratings is on real rows.
      owners = await seedTasks(database.db, { tasks: 600, owners: 8, labelShare: 0.3 });
      all = await database.db.select().from(tasks);
      favourites = await database.db.select().from(taskFavourites);
      tagged = await database.db.select().from(taskTags);
    }, 120_000);
    afterAll(async () => {
      await database?.close();
    });

    function expected(filters: TaskFilters, viewerId: string) {
      const words = filters.q ? (searchQueryFor(filters.q) ?? "").split(" & ").map((word) => word.replace(":*", "")) : [];
      const rows = all.filter((task) => {
        if (filters.state?.length && !filters.state.includes(task.state)) return false;
        if (filters.provider && task.provider !== filters.provider) return false;
        if (filters.model && task.model !== filters.model) return false;
        if (filters.owner && task.ownerId !== (filters.owner === "me" ? viewerId : filters.owner)) return false;
        if (filters.from && task.createdAt < new Date(filters.from)) return false;
        if (filters.to && task.createdAt >= new Date(filters.to)) return false;
        const tokens = task.promptText.toLowerCase().split(/[^\p{L}\p{N}]+/u);
        if (words.some((word) => !tokens.some((token) => token.startsWith(word)))) return false;
        if (filters.sort === "duration" && task.durationMs === null) return false;
        if (filters.favourites && !favourites.some((mark) => mark.userId === viewerId && mark.taskId === task.id)) return false;
        if (filters.tag?.some((tag) => !tagged.some((row) => row.taskId === task.id && row.tag === tag))) return false;
        if (filters.rating && (task.rating === null || task.rating < Number(filters.rating))) return false;
        if (filters.project && task.projectId !== filters.project) return false;
        if (filters.review === "none" ? task.reviewState !== null : filters.review && task.reviewState !== filters.review) return false;
        return true;
      });
      const key = (task: (typeof all)[number]) => (filters.sort === "duration" ? task.durationMs! : task.createdAt.getTime());
      const sign = filters.dir === "asc" ? 1 : -1;
      return rows.sort((a, b) => sign * (key(a) - key(b) || a.id.localeCompare(b.id))).map((task) => task.id);
    }

    it("returns every matching task exactly once, in order, across pages", async () => {
      const { listTasks, decodeListCursor } = await import("@/lib/server/db/queries/task-list");
      const combinations = [...filterCombinations(owners), { owner: "me" as const }, { q: "zzzz-nothing" }];
      for (const combination of combinations) {
        const filters = taskFiltersSchema.parse(combination);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof listTasks>> = await listTasks(database.db, filters, {
            viewerId: owners[1]!,
            limit: 37,
            cursor: cursor ? decodeListCursor(cursor, filters.sort === "duration" ? "number" : "time") : null,
          });
          seen.push(...page.rows.map((row) => row.id));
          cursor = page.next;
        } while (cursor);
        expect(seen, JSON.stringify(combination)).toEqual(expected(filters, owners[1]!));
      }
      // The seed gives every owner some favourites, so that filter was tested on real rows.
      expect(expected(taskFiltersSchema.parse({ favourites: "1" }), owners[1]!).length).toBeGreaterThan(0);
      // And tags and ratings, with some tasks carrying two of the tags asked for together.
      expect(expected(taskFiltersSchema.parse({ tag: "hero" }), owners[1]!).length).toBeGreaterThan(0);
      expect(expected(taskFiltersSchema.parse({ rating: "4" }), owners[1]!).length).toBeGreaterThan(0);
      expect(expected(taskFiltersSchema.parse({ project: SEED_PROJECTS[0] }), owners[1]!).length).toBeGreaterThan(0);
      expect(expected(taskFiltersSchema.parse({ review: "changes_requested" }), owners[1]!).length).toBeGreaterThan(0);
    });

    it("walks back from the last page through Previous to the first, page for page", async () => {
      const { listTasks, decodeListCursor } = await import("@/lib/server/db/queries/task-list");
      for (const combination of filterCombinations(owners)) {
        const filters = taskFiltersSchema.parse(combination);
        const kind = filters.sort === "duration" ? "number" : "time";
        const read = (cursor: string | null) =>
          listTasks(database.db, filters, { viewerId: owners[1]!, limit: 37, cursor: cursor ? decodeListCursor(cursor, kind) : null });
        const forward: string[][] = [];
        let page = await read(null);
        expect(page.prev, JSON.stringify(combination)).toBeNull();
        forward.push(page.rows.map((row) => row.id));
        while (page.next) {
          page = await read(page.next);
          forward.push(page.rows.map((row) => row.id));
        }
        const backward: string[][] = [forward.at(-1)!];
        while (page.prev) {
          page = await read(page.prev);
          backward.unshift(page.rows.map((row) => row.id));
        }
        expect(backward, JSON.stringify(combination)).toEqual(forward);
      }
    });

    it("a Previous that reaches the start with less than a page gives the whole first page", async () => {
      const { listTasks, decodeListCursor, encodeListCursor } = await import("@/lib/server/db/queries/task-list");
      const filters = taskFiltersSchema.parse({});
      const newestFirst = expected(filters, owners[1]!);
      const third = all.find((task) => task.id === newestFirst[2])!;
      // "The page before the third task" holds two tasks: the first page (of 37) comes instead.
      const before = encodeListCursor({ key: third.createdAt.toISOString(), id: third.id, before: true });
      const page = await listTasks(database.db, filters, { viewerId: owners[1]!, limit: 37, cursor: decodeListCursor(before, "time") });
      expect(page.rows.map((row) => row.id)).toEqual(newestFirst.slice(0, 37));
      expect(page.prev).toBeNull();
    });

    it("counts the tasks that match, up to a cap, with the page's own filters", async () => {
      const { countTasks } = await import("@/lib/server/db/queries/task-list");
      const combinations = [...filterCombinations(owners), { owner: "me" as const }, { q: "zzzz-nothing" }];
      for (const combination of combinations) {
        const filters = taskFiltersSchema.parse(combination);
        const matching = expected(filters, owners[1]!).length;
        expect(await countTasks(database.db, filters, owners[1]!, 10_000), JSON.stringify(combination)).toEqual({
          count: matching,
          capped: false,
        });
      }
      const everything = taskFiltersSchema.parse({});
      expect(await countTasks(database.db, everything, owners[1]!, all.length)).toEqual({ count: all.length, capped: false });
      expect(await countTasks(database.db, everything, owners[1]!, all.length - 1)).toEqual({ count: all.length - 1, capped: true });
    });

    it("rejects filters it does not know, with field messages", () => {
      expect(issuesOf(taskFiltersSchema.safeParse({ state: "done" }))).toEqual([
        "state.0: States are awaiting_approval, pending, queued, running, succeeded, failed, canceled, expired.",
      ]);
      expect(issuesOf(taskFiltersSchema.safeParse({ sort: "size" }))).toEqual(["sort: Sort by created or duration."]);
      expect(issuesOf(taskFiltersSchema.safeParse({ owner: "someone" }))).toEqual(["owner: Choose an owner from the list."]);
      expect(issuesOf(taskFiltersSchema.safeParse({ from: "yesterday" }))).toContain(
        "from: Use an ISO date and time, like 2026-01-31T00:00:00Z.",
      );
      expect(issuesOf(taskFiltersSchema.safeParse({ color: "red" }))).toEqual(["(root): unknown color"]);
    });
  });
}

defineTaskListSuite(testDatabaseKind());
