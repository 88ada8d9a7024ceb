import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskFiltersSchema } from "@/lib/shared/task-filters";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { filterCombinations, seedTasks } from "../support/seed-tasks";
import { tasksScans } from "../support/query-plans";

// On Postgres, with enough rows that the planner's choices are real: every filter combination of
// the task table is served by an index, never by a sequential scan of the tasks table.

describe("task list query plans on postgres", () => {
  let database: TestDatabase;
  let owners: string[];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    // A person stars some of the team's results, not one in thirty of them: with 0.5% of the
    // finished ones (about 75 each here) the planner's choice for Favourites is the one it makes
    // on a real library; at 3% of a table this small, reading it whole is rightly cheaper.
    owners = await seedTasks(database.db, { tasks: 30_000, owners: 20, favouriteShare: 0.005 });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("uses an index for every filter combination, first page and later pages", async () => {
    const { taskListQuery, listTasks, decodeListCursor } = await import("@/lib/server/db/queries/task-list");
    const { Client } = await import("pg");
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const combination of filterCombinations(owners)) {
        const filters = taskFiltersSchema.parse(combination);
        const kind = filters.sort === "duration" ? "number" : "time";
        const first = await listTasks(database.db, filters, { viewerId: owners[0]!, limit: 50, cursor: null });
        const next = first.next ? decodeListCursor(first.next, kind) : null;
        const second = next ? await listTasks(database.db, filters, { viewerId: owners[0]!, limit: 50, cursor: next }) : null;
        // The first page, the next one, and Previous from there (the same order walked backwards).
        const cursors = [null, next, second?.prev ? decodeListCursor(second.prev, kind) : null].filter(
          (cursor, index) => index === 0 || cursor,
        );
        for (const cursor of cursors) {
          const scans = await tasksScans(client, taskListQuery(database.db, filters, { viewerId: owners[0]!, limit: 50, cursor }).toSQL());
          expect(scans.length, JSON.stringify(combination)).toBeGreaterThan(0);
          for (const scan of scans) expect(scan["Node Type"], JSON.stringify(combination)).not.toBe("Seq Scan");
        }
      }
    } finally {
      await client.end();
    }
  });

  // A running install's autovacuum keeps the visibility map that lets a count read an index alone.
  // On a table just written and never vacuumed, scanning until the cap is found can be cheaper
  // (and the planner may rightly take it); once vacuumed, every count must be an index scan.
  it("counts the matching tasks (up to the cap) from an index for every filter combination", async () => {
    const { taskCountQuery } = await import("@/lib/server/db/queries/task-list");
    const { Client } = await import("pg");
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query("vacuum analyze tasks");
      for (const combination of filterCombinations(owners)) {
        const filters = taskFiltersSchema.parse(combination);
        const scans = await tasksScans(client, taskCountQuery(database.db, filters, owners[0]!, 10_000).toSQL());
        expect(scans.length, JSON.stringify(combination)).toBeGreaterThan(0);
        for (const scan of scans) expect(scan["Node Type"], JSON.stringify(combination)).not.toBe("Seq Scan");
      }
    } finally {
      await client.end();
    }
  });
});
