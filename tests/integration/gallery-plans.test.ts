import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { galleryFiltersSchema } from "@/lib/shared/gallery";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { galleryFilterCombinations, seedTasks } from "../support/seed-tasks";
import { tasksScans } from "../support/query-plans";

// The gallery's twin of task-list-plans.test.ts: on Postgres, with enough rows that the planner's
// choices are real, every combination of the gallery's filters (project, tags, favourites, rating,
// review, owner, model, dates, search) is served by an index, first page and the next, never by a
// sequential scan of the tasks table.

describe("gallery query plans on postgres", () => {
  let database: TestDatabase;
  let owners: string[];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    owners = await seedTasks(database.db, { tasks: 30_000, owners: 20, favouriteShare: 0.005 });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("uses an index for every filter combination, first page and the next", async () => {
    const { GALLERY_SEARCH_WINDOW, galleryQuery, listGallery, searchWindowApplies } = await import("@/lib/server/db/queries/gallery");
    const { Client } = await import("pg");
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const combination of galleryFilterCombinations(owners)) {
        const filters = galleryFiltersSchema.parse(combination);
        const options = { viewerId: owners[0]!, limit: 60 };
        const first = await listGallery(database.db, filters, { ...options, cursor: null });
        expect(first, JSON.stringify(combination)).not.toBeNull();
        for (const cursor of [null, first!.next].filter((value, index) => index === 0 || value)) {
          // A search the window applies to is asked first over the newest outputs: that form too.
          for (const searchWindow of searchWindowApplies(filters) ? [GALLERY_SEARCH_WINDOW, undefined] : [undefined]) {
            const scans = await tasksScans(client, galleryQuery(database.db, filters, { ...options, cursor, searchWindow })!.toSQL());
            expect(scans.length, JSON.stringify(combination)).toBeGreaterThan(0);
            for (const scan of scans) expect(scan["Node Type"], JSON.stringify(combination)).not.toBe("Seq Scan");
          }
        }
      }
    } finally {
      await client.end();
    }
  });
});
